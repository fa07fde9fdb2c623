%% Runs the Erlang peer benchmarks and prints one line of JSON: per benchmark
%% the elapsed nanoseconds of each timed run (after warm-up runs) and the
%% number of operations per run. Started by bench/run.ts as
%%   erl +S 1 -noshell -pa DIR -eval 'bench_erl:main([Counting, PingPong,
%%     RingActors, RingHops, Spawns, Samples])' -s init stop
-module(bench_erl).
-export([main/1]).

main([Counting, PingPong, RingActors, RingHops, Spawns, Samples]) ->
    Results = [
        bench("counting", Counting, Samples, fun() -> counting:run(Counting) end),
        bench("ping-pong", PingPong, Samples, fun() -> ping_pong:run(PingPong) end),
        bench("thread-ring", RingHops, Samples,
              fun() -> thread_ring:run(RingActors, RingHops) end),
        bench("spawn-stop", Spawns, Samples, fun() -> spawn_stop:run(Spawns) end)
    ],
    Memory = spawn_stop:idle_memory(),
    io:format("{\"otp\":\"~s\",\"erts\":\"~s\",\"schedulers\":~b,"
              "\"idleProcessBytes\":~b,\"benchmarks\":[~s]}~n",
              [erlang:system_info(otp_release), erlang:system_info(version),
               erlang:system_info(schedulers_online), Memory,
               lists:join(",", Results)]).

bench(Name, Ops, Samples, Fun) ->
    _ = [Fun() || _ <- lists:seq(1, 2)],
    Times = [Fun() || _ <- lists:seq(1, Samples)],
    io_lib:format("{\"id\":\"~s\",\"ops\":~b,\"samples\":[~s]}",
                  [Name, Ops, lists:join(",", [integer_to_list(T) || T <- Times])]).

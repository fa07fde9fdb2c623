%% Spawn and stop: spawn N idle processes (each monitored, as understudy's
%% stop() waits for the actor to have stopped), then ask each to stop and wait
%% for every 'DOWN'. Returns nanoseconds. Also the memory of one idle process.
-module(spawn_stop).
-export([run/1, idle_memory/0]).

run(N) ->
    T0 = erlang:monotonic_time(nanosecond),
    Pids = spawn_n(N, []),
    lists:foreach(fun({Pid, _}) -> Pid ! stop end, Pids),
    wait_down(N),
    erlang:monotonic_time(nanosecond) - T0.

spawn_n(0, Acc) -> Acc;
spawn_n(N, Acc) -> spawn_n(N - 1, [spawn_monitor(fun idle/0) | Acc]).

wait_down(0) -> ok;
wait_down(N) -> receive {'DOWN', _, process, _, _} -> wait_down(N - 1) end.

idle() -> receive stop -> ok end.

idle_memory() ->
    Pid = spawn(fun idle/0),
    erlang:yield(),
    {memory, Bytes} = erlang:process_info(Pid, memory),
    Pid ! stop,
    Bytes.

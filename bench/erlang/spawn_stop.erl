%% Spawn and stop, the realistic form understudy's spawn case answers: spawn
%% N processes (each monitored, as understudy's stop() waits for the actor to
%% have stopped), wait until each has started (it reports in, as understudy's
%% init counts into a tally), then ask each to stop and wait for every
%% 'DOWN'. Returns nanoseconds. Also the memory of one idle process.
-module(spawn_stop).
-export([run/1, idle_memory/0]).

run(N) ->
    Parent = self(),
    T0 = erlang:monotonic_time(nanosecond),
    Pids = spawn_n(Parent, N, []),
    wait_started(N),
    lists:foreach(fun({Pid, _}) -> Pid ! stop end, Pids),
    wait_down(N),
    erlang:monotonic_time(nanosecond) - T0.

spawn_n(_, 0, Acc) -> Acc;
spawn_n(Parent, N, Acc) ->
    spawn_n(Parent, N - 1, [spawn_monitor(fun() -> start(Parent) end) | Acc]).

start(Parent) ->
    Parent ! started,
    idle().

wait_started(0) -> ok;
wait_started(N) -> receive started -> wait_started(N - 1) end.

wait_down(0) -> ok;
wait_down(N) -> receive {'DOWN', _, process, _, _} -> wait_down(N - 1) end.

idle() -> receive stop -> ok end.

idle_memory() ->
    Pid = spawn(fun idle/0),
    erlang:yield(),
    {memory, Bytes} = erlang:process_info(Pid, memory),
    Pid ! stop,
    Bytes.

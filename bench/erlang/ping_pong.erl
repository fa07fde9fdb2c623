%% Ping-pong: two processes bounce one integer N times. Returns nanoseconds.
-module(ping_pong).
-export([run/1]).

run(N) ->
    Parent = self(),
    Ping = spawn(fun() -> player(Parent) end),
    Pong = spawn(fun() -> player(Parent) end),
    Ping ! {peer, Pong},
    Pong ! {peer, Ping},
    T0 = erlang:monotonic_time(nanosecond),
    Ping ! N,
    receive done -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    Ping ! stop,
    Pong ! stop,
    T1 - T0.

player(Parent) ->
    receive {peer, Peer} -> loop(Parent, Peer) end.

loop(Parent, Peer) ->
    receive
        stop -> ok;
        0 -> Parent ! done, loop(Parent, Peer);
        K -> Peer ! K - 1, loop(Parent, Peer)
    end.

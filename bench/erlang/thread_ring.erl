%% Thread ring: R processes pass a token around a ring for N hops.
%% Returns nanoseconds.
-module(thread_ring).
-export([run/2]).

run(R, N) ->
    Parent = self(),
    Members = [spawn(fun() -> member(Parent) end) || _ <- lists:seq(1, R)],
    Next = tl(Members) ++ [hd(Members)],
    lists:foreach(fun({M, X}) -> M ! {next, X} end, lists:zip(Members, Next)),
    T0 = erlang:monotonic_time(nanosecond),
    hd(Members) ! N,
    receive done -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    lists:foreach(fun(M) -> M ! stop end, Members),
    T1 - T0.

member(Parent) ->
    receive {next, Next} -> loop(Parent, Next) end.

loop(Parent, Next) ->
    receive
        stop -> ok;
        0 -> Parent ! done, loop(Parent, Next);
        K -> Next ! K - 1, loop(Parent, Next)
    end.

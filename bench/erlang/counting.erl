%% Savina counting: a producer sends N increments to a counter, then asks it
%% for the total. Returns the elapsed time in nanoseconds.
-module(counting).
-export([run/1]).

run(N) ->
    Counter = spawn(fun() -> counter(0) end),
    Parent = self(),
    Producer = spawn(fun() -> producer(Parent, Counter, N) end),
    T0 = erlang:monotonic_time(nanosecond),
    Producer ! start,
    receive {total, N} -> ok end,
    erlang:monotonic_time(nanosecond) - T0.

producer(Parent, Counter, N) ->
    receive start -> ok end,
    send_n(Counter, N),
    Counter ! {get, self()},
    receive Total -> Parent ! {total, Total} end.

send_n(_, 0) -> ok;
send_n(Counter, N) -> Counter ! inc, send_n(Counter, N - 1).

counter(Count) ->
    receive
        inc -> counter(Count + 1);
        {get, From} -> From ! Count
    end.

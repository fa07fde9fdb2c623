%% Erlang distribution between two local nodes, the counterpart of
%% bench/cluster_bench.ts: remote send throughput (N messages to a process on
%% the peer node, then its acknowledgement) and remote ping-pong round trips.
%% Prints one JSON line per benchmark with the nanoseconds of each run.
%% `serve/1` instead takes one command a line on standard input ("tell N",
%% "ping N", "quit") and answers each with the nanoseconds it took, so that
%% the caller can interleave Erlang's runs with its own.
-module(cluster_dist).
-export([main/1, serve/1, sink/1, echo/0]).

main([PeerS, NS, RoundTripsS, SamplesS]) ->
    Peer = list_to_atom(PeerS),
    N = list_to_integer(NS),
    RoundTrips = list_to_integer(RoundTripsS),
    Samples = list_to_integer(SamplesS),
    ok = wait_peer(Peer, 100),
    Tell = [tell(Peer, N) || _ <- lists:seq(1, Samples + 2)],
    Ping = [ping(Peer, RoundTrips) || _ <- lists:seq(1, Samples + 2)],
    print("remote-tell", N, lists:nthtail(2, Tell)),
    print("remote-ping-pong", RoundTrips, lists:nthtail(2, Ping)),
    rpc:call(Peer, erlang, halt, []),
    halt().

serve([PeerS]) ->
    Peer = list_to_atom(PeerS),
    ok = wait_peer(Peer, 100),
    io:format("ready~n"),
    serve_loop(Peer).

serve_loop(Peer) ->
    case io:get_line("") of
        eof -> stop(Peer);
        Line ->
            case string:lexemes(string:trim(Line), " ") of
                ["tell", N] ->
                    answer(tell(Peer, list_to_integer(N))),
                    serve_loop(Peer);
                ["ping", N] ->
                    answer(ping(Peer, list_to_integer(N))),
                    serve_loop(Peer);
                _ -> stop(Peer)
            end
    end.

answer(Ns) -> io:format("~b~n", [Ns]).

stop(Peer) ->
    rpc:call(Peer, erlang, halt, []),
    halt().

wait_peer(_, 0) -> peer_unreachable;
wait_peer(Peer, Tries) ->
    case net_adm:ping(Peer) of
        pong -> ok;
        pang -> timer:sleep(50), wait_peer(Peer, Tries - 1)
    end.

print(Id, Ops, Ns) ->
    io:format("{\"id\":\"~s\",\"ops\":~b,\"samples\":[~s]}~n",
              [Id, Ops, lists:join(",", [integer_to_list(X) || X <- Ns])]).

tell(Peer, N) ->
    Sink = spawn(Peer, ?MODULE, sink, [self()]),
    Sink ! {expect, N},
    T0 = erlang:monotonic_time(nanosecond),
    send(Sink, N),
    receive done -> ok end,
    erlang:monotonic_time(nanosecond) - T0.

send(_, 0) -> ok;
send(Sink, I) -> Sink ! {msg, I}, send(Sink, I - 1).

sink(Parent) -> receive {expect, N} -> count(Parent, N) end.
count(Parent, 0) -> Parent ! done;
count(Parent, N) -> receive {msg, _} -> count(Parent, N - 1) end.

ping(Peer, RoundTrips) ->
    Echo = spawn(Peer, ?MODULE, echo, []),
    T0 = erlang:monotonic_time(nanosecond),
    rounds(Echo, RoundTrips),
    Echo ! stop,
    erlang:monotonic_time(nanosecond) - T0.

rounds(_, 0) -> ok;
rounds(Echo, I) ->
    Echo ! {self(), I},
    receive {pong, I} -> rounds(Echo, I - 1) end.

echo() ->
    receive
        {From, I} -> From ! {pong, I}, echo();
        stop -> ok
    end.

"""The connections of ``srbgraph serve``: waitress, with a deadline for a request to arrive and a
share of the connections per client.

Why: waitress closes a connection that sent *nothing* for ``channel_timeout`` seconds, and stops
accepting at ``connection_limit`` open connections — but every byte counts as activity, and the
limit is one for all. A client that opens 100 connections and sends one byte of a header every few
seconds (slowloris) kept every one of them open for ever and held the whole limit: nobody else was
accepted (issue #25: 0 of 11 simple queries answered in 60 s). waitress has no deadline for the
header or the body of a request, nor a limit per address (its ``recv_bytes``, ``cleanup_interval``,
``max_request_header_size`` bound sizes and polling, not time). So this module adds both:

* a request must arrive whole — headers and body — within *read_timeout* seconds of its first
  byte, else its connection is closed (checked every second by the server's maintenance);
* each client (the remote address) may hold *per_client* connections that are read; more from the
  same address are accepted but *parked* — not read, not timed out — until one of its own closes;
  as many again beyond that are closed at once. The total limit is higher than one client's share,
  so one address cannot take every connection.
"""
from __future__ import annotations

import threading
import time
from collections import deque

from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer


class Channel(HTTPChannel):
    """A waitress connection that knows its client and when its current request began."""

    def __init__(self, server, sock, addr, adj, map=None):
        self.client = addr[0] if isinstance(addr, tuple) and addr else str(addr)
        self.parked = False
        self.counted = False
        self.request_started = None
        self._timed = None
        super().__init__(server, sock, addr, adj, map)
        server.admit(self)

    def readable(self):
        return not self.parked and super().readable()

    def received(self, data):
        result = super().received(data)
        if self.request is None:
            self.request_started = self._timed = None
        elif self.request is not self._timed:
            self._timed, self.request_started = self.request, time.monotonic()
        return result

    def del_channel(self, map=None):
        super().del_channel(map)
        self.server.release(self)


class Server(TcpWSGIServer):
    """waitress' TCP server with the two bounds above."""

    channel_class = Channel

    def __init__(self, *args, per_client: int, read_timeout: float, log, **kw):
        self.per_client, self.read_timeout, self.log = per_client, read_timeout, log
        self._clients: dict[str, list] = {}  # address -> [connections read, deque of parked ones]
        self._clients_lock = threading.Lock()
        super().__init__(*args, **kw)

    def admit(self, channel: Channel) -> None:
        with self._clients_lock:
            entry = self._clients.setdefault(channel.client, [0, deque()])
            if entry[0] < self.per_client:
                entry[0] += 1
                channel.counted = True
            elif len(entry[1]) < self.per_client:
                channel.parked = True
                entry[1].append(channel)
            else:
                channel.will_close = True
        if channel.will_close:
            self.log(f"{channel.client} connection closed: {2 * self.per_client} connections of this client are "
                     "open already")

    def release(self, channel: Channel) -> None:
        with self._clients_lock:
            entry = self._clients.get(channel.client)
            if entry is None:
                return
            if channel.parked:
                channel.parked = False
                try:
                    entry[1].remove(channel)
                except ValueError:
                    pass
            elif channel.counted:
                channel.counted = False
                entry[0] -= 1
                if entry[1]:  # the next of its parked connections is read now
                    waiting = entry[1].popleft()
                    waiting.parked, waiting.counted = False, True
                    waiting.last_activity = time.time()
                    entry[0] += 1
            if entry[0] == 0 and not entry[1]:
                del self._clients[channel.client]

    def maintenance(self, now):
        with self._clients_lock:
            for entry in self._clients.values():
                for parked in entry[1]:  # a parked connection waits for its turn, not idles
                    parked.last_activity = now
        super().maintenance(now)
        late = time.monotonic() - self.read_timeout
        for channel in list(self.active_channels.values()):
            started = getattr(channel, "request_started", None)
            if started is not None and started < late and not channel.will_close:
                channel.will_close = True
                self.log(f"{channel.client} connection closed: its request did not arrive whole within "
                         f"{self.read_timeout:g} s (srbgraph serve --read-timeout)")


def create(app, sock, *, threads: int, idle_timeout: int, read_timeout: float, per_client: int,
           connection_limit: int, log, **adjustments) -> Server:
    """A :class:`Server` on the bound socket *sock* (not started: ``run()``)."""
    from waitress.adjustments import Adjustments
    from waitress.task import ThreadedTaskDispatcher

    adj = Adjustments(sockets=[sock], threads=threads, channel_timeout=idle_timeout, cleanup_interval=1,
                      connection_limit=connection_limit, **adjustments)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    return Server(app, {}, True, sock, dispatcher=dispatcher, adj=adj, bind_socket=False,
                  sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()),
                  per_client=per_client, read_timeout=read_timeout, log=log)

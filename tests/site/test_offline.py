"""The tests cannot reach the network: pytest.ini allows connections to loopback only."""

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


def test_a_connection_off_this_machine_is_refused():
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, so this could not succeed anyway; the
    # point is that pytest-socket stops it before any packet is sent.
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with socket.create_connection(server.getsockname(), timeout=5):
        pass
    server.close()

"""'facilitator serve': the read-only room view in a browser, never the editing screen."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.core.agenda import agenda_from_dict
from tests.helpers import agenda

ROOT = Path(__file__).resolve().parents[2]


class FakeServer:
    made: list[dict] = []

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        FakeServer.made.append({"command": command, "host": host, "port": port})

    def serve(self) -> None:
        pass


@pytest.mark.parametrize(("host", "warned"), [("127.0.0.1", False), ("0.0.0.0", True)])
def test_serve_runs_only_the_room_view_and_warns_off_this_machine(
    store, clock, capsys, monkeypatch, host, warned
):
    import textual_serve.server

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    FakeServer.made.clear()
    code = main(["--data-dir", str(store.root), "serve", sid, "--host", host, "--public"])
    _, err = capsys.readouterr()
    assert code == 0
    (made,) = FakeServer.made
    assert made["host"] == host
    assert f" room {sid} " in made["command"] and "--public" in made["command"]
    assert " run " not in made["command"]
    assert ("anyone who can reach port" in err) == warned


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_browser_gets_the_room_view(store, clock):
    import aiohttp

    sid = store.create(agenda_from_dict(agenda(), clock().date()))
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "facilitator",
            "--data-dir",
            str(store.root),
            "serve",
            sid,
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )

    async def watch() -> str:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):  # wait for the server to listen
                try:
                    async with session.get(f"http://127.0.0.1:{port}/") as page:
                        assert "textual" in (await page.text()).lower()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
                got, end = b"", time.monotonic() + 20
                while time.monotonic() < end and b"Following" not in got:
                    try:
                        msg = await asyncio.wait_for(ws.receive(), 1)
                    except TimeoutError:
                        continue
                    got += msg.data if isinstance(msg.data, bytes) else str(msg.data).encode()
                return got.decode("utf-8", "replace")

    try:
        screen = asyncio.run(watch())
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Following" in screen and "read-only" in screen
    assert "Type a note" not in screen  # never the editing screen

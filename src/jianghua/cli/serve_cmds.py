"""`jianghua serve`: the web UI and JSON API over a library."""

from __future__ import annotations

from pathlib import Path

import typer

from jianghua.cli.common import LibraryOption, app, console, err
from jianghua.errors import LibraryError
from jianghua.web.security import TOKEN_ENV, InsecureBind, check_bind, is_loopback, loopback_hosts


@app.command("serve")
def serve_cmd(
    library: Path = LibraryOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="Port to listen on."),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar=TOKEN_ENV,
        show_envvar=True,
        help="Access token every request must carry; required off loopback.",
    ),
) -> None:
    """Start the web UI and JSON API (http://HOST:PORT/, API description at /openapi.json)."""
    from jianghua.web.app import create_app
    from jianghua.web.server import serve, server_config

    try:
        check_bind(host, token)
        # Without a token, a loopback server answers only to loopback names (DNS rebinding).
        hosts = loopback_hosts(host) if is_loopback(host) and not token else None
        web_app = create_app(library, token=token or None, allowed_hosts=hosts)
    except (InsecureBind, LibraryError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    from jianghua.cli.library_cmds import start_e5
    from jianghua.library import embeddings

    start_e5(library)
    embeddings.warm_e5_in_background(
        library
    )  # e5 vectors an earlier ingest left unfinished: resumed in the background
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    console.print(f"serving {library} at {url}" + ("?token=…" if token else ""))
    if not serve(server_config(web_app, host, port)):
        raise typer.Exit(1)

"""`returndesk sign-out`: end this desk's session, so that the next command checks the PIN in full again."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import CliContext, data_dir
from desktop_app.cli.desk_session import SUFFIX, read_token, sessions_folder, shop_prefix, token_file
from desktop_app.core.i18n import Message, _


def register(commands: Any) -> None:
    """Add `returndesk sign-out`."""
    verb = commands.add_parser("sign-out", help=_("end this desk's session: the next command checks the PIN "
                                                  "in full again"))
    verb.set_defaults(handler=run_sign_out)


def run_sign_out(ctx: CliContext, args: argparse.Namespace) -> int:
    """End the desk session of --user (or of every user of this shop at this desk) and remove its token file."""
    prefix = shop_prefix(ctx.database)
    if ctx.user_name:
        files = [token_file(data_dir(), ctx.database, ctx.user_name)]
    else:
        files = sorted(sessions_folder(data_dir()).glob(f"{prefix}-*{SUFFIX}"))
    tokens = [t for t in (read_token(f) for f in files if f.exists()) if t]
    for path in files:
        path.unlink(missing_ok=True)  # the file goes first: without it the token signs nobody in
    if tokens:
        from desktop_app.core.services import desk_sessions

        for token in tokens:
            desk_sessions.end_session(ctx.db, token)
    print(Message("Signed out: the next command asks for the full PIN check again.").render(ctx.lang)
          if tokens else Message("There was no session to end at this desk.").render(ctx.lang))
    return 0

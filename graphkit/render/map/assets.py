"""The page itself: inlined vis-network, the Content-Security-Policy, safe embedding.

The map is a single UTF-8 file: vis-network's JavaScript and CSS are inlined from the copy
bundled inside the pyvis package (:func:`_vis_network`), so opening it makes no request at
all, and a strict Content-Security-Policy (``default-src 'none'``, scripts and styles
allowed only by their SHA-256 hashes, :func:`_assets`) makes sure even a mistake cannot
fetch anything.

Data reaches the page only as JSON inside ``<script type="application/json">``, escaped by
:func:`_page_json`; scripts and styles are inlined through :func:`inline_script` and
:func:`inline_style`, so that nothing can end their element early. pyvis is used for what
it does safely (holding ``nodes``/``edges`` and rendering *our* template,
``render/templates/map.html``, through ``generate_html``); its own template, which renders
titles as raw HTML and leaves the heading and menus unescaped, is not used.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from graphkit.render.text import BIDI_CONTROLS

#: The folder of the page's template, script and style.
TEMPLATES = Path(__file__).parent.parent / "templates"
TEMPLATE = "map.html"
#: The vis-network release folders inside the pyvis package: ``lib/vis-X.Y.Z``.
_VIS_FOLDER = re.compile(r"vis-(\d+)\.(\d+)\.(\d+)")


def page_html(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    meta: dict[str, Any],
    timeline: dict[str, Any] | None = None,
) -> str:
    """The page: the template with the assets, the CSP and the JSON documents (the
    stakeholders, the ties, the metadata, and the timeline when there is one:
    :mod:`graphkit.render.map.timeline`).

    Pure apart from reading vis-network from the pyvis package (once per process): the
    same documents give the same bytes.
    """
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = nodes  # filled directly: add_node/from_nx check every edge (quadratic)
    net.edges = edges
    net.set_options(json.dumps({"physics": {"enabled": False}}))
    net.set_template_dir(str(TEMPLATES) + os.sep, TEMPLATE)
    assets = _assets(team_fields=bool(meta.get("team_fields")), stances="stances" in meta)
    env = net.templateEnv
    env.filters["page_json"] = lambda value: _Markup(_page_json(value))
    env.globals.update(
        csp=_Markup(assets["csp"]),
        vis_css=_Markup(assets["vis_css"]),
        map_css=_Markup(assets["map_css"]),
        vis_js=_Markup(assets["vis_js"]),
        map_js=_Markup(assets["map_js"]),
        meta=meta,
        timeline=timeline,
    )
    return net.generate_html(name=TEMPLATE)


_JSON_ESCAPE = re.compile(f"[<>&\u2028\u2029\x7f-\x9f{BIDI_CONTROLS}]")


def _page_json(value: Any) -> str:
    """JSON that is inert inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no ``</script>``, ``<!--`` or
    character reference can appear; U+2028/2029, DEL, the C1 controls and the bidi
    controls are escaped too, so that the file holds none of them raw (JSON already
    escapes the C0 controls). ``JSON.parse`` gives the original strings back.

    >>> _page_json({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


_END_TAG = re.compile(r"</(?=[A-Za-z])")


def inline_script(text: str) -> str:
    """Script text that cannot end its ``<script>`` element early.

    The HTML tokenizer ends a script at ``</`` followed by a letter (``</script``) and
    changes state at ``<!--``: every ``</`` + letter becomes ``<\\/`` + letter, which means
    the same in JavaScript strings, regular expressions and comments, where it occurs in
    minified code. ``</`` not followed by a letter (as in ``/</.test(c)``) is harmless to
    the tokenizer and left alone, because escaping it would change the regular expression.
    """
    if "<!--" in text:
        raise ValueError("inline script contains '<!--', which HTML would misparse")
    return _END_TAG.sub(r"<\\/", text)


def inline_style(text: str) -> str:
    """Style text that cannot end its ``<style>`` element early (``</`` + letter)."""
    return _END_TAG.sub(r"<\\/", text)


def _sha256(text: str) -> str:
    """The CSP source that allows exactly ``text`` (``'sha256-...'``)."""
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def _part(name: str) -> re.Pattern[str]:
    """The parts of map.js from a line ``// <NAME>`` to a line ``// </NAME>``, both included."""
    return re.compile(rf"^[ \t]*// <{name}>\n.*?^[ \t]*// </{name}>\n", re.MULTILINE | re.DOTALL)


#: The parts of map.js for maps with team fields only, and with declared power, interest
#: or stances only.
_TEAM_FIELDS_PART = _part("team-fields")
_STANCES_PART = _part("stances")


def map_script(*, team_fields: bool, stances: bool = False) -> str:
    """map.js as the page inlines it: without its ``// <team-fields>`` parts for a map
    without team fields (:mod:`graphkit.render.map.fields`), without its ``// <stances>``
    parts for a map without declared power, interest or stances
    (:mod:`graphkit.render.map.stances`), so that a map carries no code it does not run."""
    text = (TEMPLATES / "map.js").read_text(encoding="utf-8")
    if not team_fields:
        text = _TEAM_FIELDS_PART.sub("", text)
    return text if stances else _STANCES_PART.sub("", text)


@cache
def _assets(*, team_fields: bool = False, stances: bool = False) -> dict[str, str]:
    """The inlined scripts and styles, and the CSP that allows exactly them."""
    vis_js, vis_css = _vis_network()
    assets = {
        "vis_js": inline_script(vis_js),
        "map_js": inline_script(map_script(team_fields=team_fields, stances=stances)),
        "vis_css": inline_style(vis_css),
        "map_css": inline_style((TEMPLATES / "map.css").read_text(encoding="utf-8")),
    }
    scripts = " ".join(_sha256(assets[k]) for k in ("vis_js", "map_js"))
    styles = " ".join(_sha256(assets[k]) for k in ("vis_css", "map_css"))
    assets["csp"] = (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return assets


def _vis_network() -> tuple[str, str]:
    """vis-network's JS and CSS from the newest copy bundled in the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    found = []
    for folder in lib.glob("vis-*"):
        m = _VIS_FOLDER.fullmatch(folder.name)
        if (
            m
            and (folder / "vis-network.min.js").is_file()
            and (folder / "vis-network.css").is_file()
        ):
            found.append((tuple(int(x) for x in m.groups()), folder))
    if not found:
        raise FileNotFoundError(
            f"vis-network not found under {lib} - reinstall pyvis: python3 -m pip install "
            "--force-reinstall 'pyvis>=0.3.2'"
        )
    folder = max(found)[1]
    return (
        (folder / "vis-network.min.js").read_text(encoding="utf-8"),
        (folder / "vis-network.css").read_text(encoding="utf-8"),
    )


class _Markup(str):
    """Text the template inserts as is (Jinja's ``__html__`` protocol): already made safe."""

    def __html__(self) -> str:
        return str(self)

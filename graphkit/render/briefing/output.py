"""The briefing as Markdown and as one static HTML page that prints.

Page one first (the picture, then the four headings in plain words), then the appendix.
The HTML has no script at all, a Content-Security-Policy of ``default-src 'none'`` (only
its own inline style; the picture is an inline ``<svg>``), and every user-supplied string
escaped, so it opens offline and nothing in a contact log can run in it. Its print
stylesheet fits A4 and US Letter alike: ``@page`` size auto with margins that leave the
same 186 x 255 mm on both, page one on one page, each section of the appendix on a new
page. In both, control characters and the bidi overrides and isolates that would reorder
the text around them are shown as visible escapes (:func:`graphkit.render.text.visible_text`).
"""

from __future__ import annotations

import html
from typing import Any

from graphkit.render.briefing.model import Briefing, Section
from graphkit.render.text import visible_text

#: What page one says about the rest, at its foot.
APPENDIX_NOTE = "Every number, the full lists and a glossary of the words above follow in the appendix, from page two."


def to_markdown(b: Briefing) -> str:
    """Page one as the first section (the picture as ``briefing.svg``), then the appendix."""
    out = [f"# {_md(b.title)}", "", _md(b.summary_line or b.subtitle), ""]
    if b.redacted:
        out += [f"> **REDACTED.** {_md(b.redacted)}", ""]
    if b.picture is not None:
        if b.picture_file:
            out += [f"![{_md(b.picture.caption)}]({b.picture_file})", ""]
        parties = [f"{_md(label)} {c}" for c, label, kind in b.picture.legend if kind == "party"]
        ties = [f"{_md(label)} {c}" for c, label, kind in b.picture.legend if kind == "tie"]
        colours = "; ".join(x for x in ("; ".join(parties), "ties: " + ", ".join(ties)) if x)
        out += [f"{_md(b.picture.caption)} Colours: {colours}.", ""]
    for s in b.summary:
        out += _md_section(s, "##")
    out += [_md(APPENDIX_NOTE), ""]
    if b.map_link:
        out += [f"Interactive map: [{b.map_link}]({b.map_link}), in the same folder.", ""]
    out += ["# Appendix", "", _md(b.subtitle), ""]
    out += ["| | |", "|---|---|"] + [f"| {_md(k)} | {_md(v)} |" for k, v in b.headline] + [""]
    for s in b.sections:
        out += _md_section(s, "##")
    if b.glossary:
        out += ["## Glossary", "", _md(GLOSSARY_INTRO), ""]
        out += [
            f"- **{_md(w)}**: {_md(t)}."
            + (" Metrics: " + ", ".join(f"`{m}`" for m in ms) if ms else "")
            for w, t, ms in b.glossary
        ] + [""]
    return "\n".join(out)


#: The glossary's first line.
GLOSSARY_INTRO = (
    "The words of page one, what each means and the metric behind it (docs/metrics.md)."
)


def _md_section(s: Section, level: str) -> list[str]:
    out = [f"{level} {_md(s.title)}", ""]
    if s.intro:
        out += [_md(s.intro), ""]
    if s.figures and s.figure_file:
        out += [f"![{_md(s.title)}]({s.figure_file})", ""]
        out += [f"{k}. {_md(caption)}" for k, (caption, _svg) in enumerate(s.figures, 1)] + [""]
    out += [f"- **{_md(h)}**: {_md(r)}" for h, r in s.items] or [_md(s.empty)]
    out.append("")
    return out


def _md(text: Any) -> str:
    """Markdown-inert text: no HTML, links or table breaks from user data, and no hidden
    reordering (control and bidi characters shown as escapes)."""
    t = visible_text(text).replace("\r", " ").replace("\n", " ")
    for ch in "\\`*_[]<>|":
        t = t.replace(ch, "\\" + ch)
    return t


_CSS = """
body{font:15px/1.45 "Segoe UI","Helvetica Neue",Arial,"Liberation Sans",system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem;margin:0 0 .1rem}h2{font-size:1.15rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:1.6rem}
.sub{color:#444;margin:0 0 .6rem}.redacted{background:#fff3cd;border:1px solid #e0b000;padding:.5rem .8rem;font-weight:600}
table.head{border-collapse:collapse;margin:1rem 0}table.head th{text-align:left;padding:.2rem 1rem .2rem 0;color:#555;font-weight:500}
ul{padding-left:1.2rem;margin:.4rem 0}li{margin:.35rem 0}.lead{break-inside:avoid}li b{font-weight:600}.why{color:#333}.intro{color:#555;font-style:italic}
figure{margin:0}svg.picture{display:block;width:100%;height:auto;max-height:24rem}
figure.grid{margin:.8rem 0;break-inside:avoid}svg.grid{display:block;width:100%;height:auto;max-width:44rem}
figcaption{font-size:.8rem;color:#444;margin:.2rem 0 .4rem}.key{display:inline-block;margin-right:.9rem;white-space:nowrap}
.sw{display:inline-block;width:.75rem;height:.75rem;border-radius:50%;margin-right:.3rem;vertical-align:-.08rem}.sw.tie{width:1.1rem;height:.22rem;border-radius:0;vertical-align:.2rem}
.summary{column-count:2;column-gap:1.4rem}.summary .lead,.summary li{break-inside:avoid}
.summary h2{font-size:1.02rem;margin:.7rem 0 .25rem}.summary .intro{margin:.1rem 0 .2rem;font-size:.85rem}
.summary ul{list-style:none;padding:0;margin:0}.summary li{margin:.3rem 0;font-size:.9rem;line-height:1.3}
.summary p{margin:.2rem 0}
.foot{font-size:.82rem;color:#444;border-top:1px solid #ccc;margin-top:.6rem;padding-top:.3rem}
.appendix h1{margin-top:2.5rem}
@page{size:auto;margin:12mm 12mm 12mm 12mm}
@media print{
 body{margin:0;max-width:none;padding:0;font-size:9pt;line-height:1.3}
 a{color:#000;text-decoration:none}h2{break-after:avoid}li{break-inside:avoid}
 .page-one{break-after:page}
 .page-one h1{font-size:15pt}.page-one .sub{font-size:8.5pt;margin-bottom:1mm}
 svg.picture{max-height:68mm}figcaption{font-size:7.5pt;margin:.5mm 0 1mm}
 .summary{column-gap:6mm}.summary h2{font-size:10pt;margin:2mm 0 .6mm}.summary .intro{font-size:7.5pt;margin:0 0 .5mm}
 .summary li{font-size:8pt;margin:0 0 1.2mm;line-height:1.25}.foot{font-size:7.5pt;margin-top:2mm;padding-top:1mm}
 .appendix h1{margin-top:0;font-size:14pt}.appendix .part{break-before:page}
 .appendix h2{font-size:12pt;margin-top:0}
}
"""


def _html(text: Any) -> str:
    """HTML-escaped text with control and bidi characters shown as escapes."""
    return html.escape(visible_text(text))


_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)


def to_html(b: Briefing) -> str:
    e = _html
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(b.title)}</title><style>{_CSS}</style></head><body>",
        '<section class="page-one">',
        f"<h1>{e(b.title)}</h1>",
        f'<p class="sub">{e(b.summary_line or b.subtitle)}</p>',
    ]
    if b.redacted:
        parts.append(f'<p class="redacted">REDACTED. {e(b.redacted)}</p>')
    if b.picture is not None:
        keys = "".join(
            f'<span class="key"><span class="sw {kind}" style="background:{e(colour)}"></span>{e(label)}</span>'
            for colour, label, kind in b.picture.legend
        )
        parts.append(
            f"<figure>{b.picture.svg}<figcaption>{keys}<br>{e(b.picture.caption)}</figcaption></figure>"
        )
    parts.append('<div class="summary">')
    parts += [_html_section(s, ": ") for s in b.summary]
    parts.append("</div>")
    link = " Interactive map: map.html, in the same folder as this page." if b.map_link else ""
    parts.append(f'<p class="foot">{e(APPENDIX_NOTE)}{e(link)}</p>')
    parts.append("</section>")
    parts += ['<section class="appendix">', '<div class="part first">', "<h1>Appendix</h1>",
              f'<p class="sub">{e(b.subtitle)}</p>']  # fmt: skip
    parts.append(
        '<table class="head">'
        + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in b.headline)
        + "</table>"
    )
    if b.map_link:
        parts.append(f'<p>Relationship map: <a href="{e(b.map_link)}">{e(b.map_link)}</a></p>')
    parts.append("</div>")
    for s in b.sections:
        parts.append(f'<div class="part">{_html_section(s, ": ")}</div>')
    if b.glossary:
        rows = "".join(
            f"<li><b>{e(w)}</b>: {e(t)}."
            + (" Metrics: " + ", ".join(f"<code>{e(m)}</code>" for m in ms) + "." if ms else "")
            + "</li>"
            for w, t, ms in b.glossary
        )
        parts.append(
            f'<div class="part"><h2>Glossary</h2><p class="intro">{e(GLOSSARY_INTRO)}</p><ul>{rows}</ul></div>'
        )
    parts.append("</section></body></html>\n")
    return "\n".join(parts)


def _html_section(s: Section, between: str) -> str:
    """One section; its heading, intro and first item in one block (``div.lead``) that
    never breaks, so that a heading never ends a column or a page alone."""
    e = _html
    items = [f'<li><b>{e(h)}</b>{between}<span class="why">{e(r)}</span></li>' for h, r in s.items]
    lead = [f"<h2>{e(s.title)}</h2>"]
    if s.intro:
        lead.append(f'<p class="intro">{e(s.intro)}</p>')
    figures = "".join(
        f'<figure class="grid">{svg}<figcaption>{e(caption)}</figcaption></figure>'
        for caption, svg in s.figures
    )
    lead.append(f"<ul>{items[0]}</ul>" if items else f"<p>{e(s.empty)}</p>")
    rest = "<ul>" + "".join(items[1:]) + "</ul>" if len(items) > 1 else ""
    return '<section><div class="lead">' + "".join(lead) + "</div>" + rest + figures + "</section>"


def to_svg_file(b: Briefing) -> str:
    """The picture as a file of its own (``briefing.svg``, shown by ``briefing.md``): the
    same static ``<svg>`` as page one's; an empty one when there is nothing to draw."""
    svg = (
        b.picture.svg
        if b.picture is not None
        else '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>'
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}\n'

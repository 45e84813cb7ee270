"""Without --as-of, an analysis is as of the negotiation's last contact, whatever the
filters keep (issue 13, point 11): a dormant track looks dormant, not recent."""

from __future__ import annotations

import graphkit
from graphkit.pipeline import analyse_negotiation
from graphkit.scope import Scope, Sharing


def test_a_filtered_analysis_is_as_of_the_negotiations_last_contact(store, tmp_path):
    (tmp_path / "people.csv").write_text("id,name,party\na,A,X\nb,B,Y\nc,C,X\n", "utf-8")
    (tmp_path / "log.csv").write_text(
        "date,source,target,sentiment,track,confidential\n"
        "2024-01-01,a,b,0.5,fisheries,false\n"
        "2024-06-01,a,c,0.5,energy,false\n"
        "2024-07-01,b,c,0.5,energy,true\n",
        "utf-8",
    )
    graphkit.import_files(store, "t", stakeholders=tmp_path / "people.csv",
                          interactions=tmp_path / "log.csv")  # fmt: skip
    fisheries = analyse_negotiation(store, "t", Scope(track="fisheries"))
    assert fisheries.model.as_of == "2024-07-01"  # not 2024-01-01, the track's last contact
    assert analyse_negotiation(store, "t", Scope(since="2024-05-01")).model.as_of == "2024-07-01"
    # --public: the last contact not marked confidential, so its date never shows
    public = analyse_negotiation(store, "t", Scope(track="fisheries"), sharing=Sharing(public=True))
    assert public.model.as_of == "2024-06-01"
    assert analyse_negotiation(store, "t", sharing=Sharing(public=True)).model.as_of == "2024-06-01"
    assert analyse_negotiation(store, "t").model.as_of == "2024-07-01"

"""The explorer at / and GraphiQL at /graphql in a real Chromium, offline, on the seeds."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Session, entity_id, open_session

pytestmark = pytest.mark.browser


def _graph_ready(page: Any) -> int:
    page.wait_for_selector("#cy[data-ready=true] canvas")
    count: int = page.evaluate("window.kgExplorer.graph.nodes().length")
    return count


def test_graphiql_renders_runs_a_query_and_shows_the_docs_offline(web: Session) -> None:
    page = web.page
    page.goto(f"{web.base}/graphql")
    page.click(".graphiql-execute-button")
    result = page.locator(".result-window")
    result.get_by_text('"nameKo": "아마존"').wait_for()
    assert '"nameEn": "Amazon"' in result.inner_text()
    page.click("button[aria-label='Show Documentation Explorer']")
    docs = page.locator(".graphiql-doc-explorer")
    docs.get_by_text("Root Types").wait_for()
    docs.get_by_role("link", name="Query").first.click()
    docs.get_by_text("searchEntities").first.wait_for()
    assert web.offsite == [] and web.errors == []


def test_every_request_stays_on_the_servers_origin(web: Session) -> None:
    amazon, sk = entity_id(web.base, "Amazon"), entity_id(web.base, "SK Telecom")
    page = web.page
    for path in ["/", "/?q=Amazon", f"/entity/{amazon}?depth=2", f"/path?from={amazon}&to={sk}", "/graphql"]:
        page.goto(web.base + path, wait_until="networkidle")
    page.wait_for_selector(".graphiql-execute-button")
    assert web.offsite == []
    assert web.requests and all(url.startswith(web.base + "/") for url in web.requests)
    # the graph library and GraphiQL came from kg's own routes
    assert any(url.endswith("/static/vendor/cytoscape/cytoscape.min.js") for url in web.requests)
    assert any(url.endswith("/static/vendor/graphiql/graphiql.min.js") for url in web.requests)


def test_a_korean_search_lists_amazon_and_the_english_one_the_same_node(web: Session) -> None:
    page = web.page
    page.goto(f"{web.base}/?q=아마존")
    first = page.locator("ol.results > li").first
    first.wait_for()
    assert first.locator(".result-name").inner_text() == "Amazon"
    assert "아마존" in first.inner_text()
    korean_href = first.locator("a").first.get_attribute("href")
    page.goto(f"{web.base}/?q=Amazon")
    page.locator("ol.results > li").first.wait_for()
    assert page.locator("ol.results > li a").first.get_attribute("href") == korean_href
    assert page.locator("#q").input_value() == "Amazon"  # the deep link filled the search box


def test_search_filters_by_type_and_says_when_nothing_matches(web: Session) -> None:
    page = web.page
    page.goto(f"{web.base}/?q=Korea&type=PLACE")
    page.locator("ol.results > li").first.wait_for()
    badges = page.locator("ol.results .badge").all_inner_texts()
    assert badges and set(badges) == {"Place"}
    assert page.locator("input[name=type][value=PLACE]").is_checked()
    page.goto(f"{web.base}/?q=zzqxv")
    page.get_by_text("No entity matches").wait_for()


def test_entity_page_shows_both_names_an_evidence_sentence_and_a_graph(web: Session) -> None:
    amazon = entity_id(web.base, "Amazon")
    page = web.page
    page.goto(f"{web.base}/entity/{amazon}")
    assert page.locator("h1").inner_text() == "Amazon"
    assert page.locator(".entity-head .subtitle").inner_text() == "Amazon / 아마존"
    evidence = page.locator(".evidence blockquote").first
    evidence.wait_for()
    marks = evidence.locator("mark").all_inner_texts()
    assert len(marks) == 2 and "아마존" in marks  # both mentions highlighted in the Korean sentence
    assert page.locator(".rel-group h3").first.inner_text().startswith("partners with")
    assert "아마존" in page.locator(".merges td").all_inner_texts()  # the merge history
    assert _graph_ready(page) >= 3
    box = page.locator("#cy canvas").first.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    label = page.locator("#cy").get_attribute("aria-label") or ""
    assert re.search(r"Neighbourhood graph of Amazon: \d+ neighbours", label)
    download = page.get_by_role("link", name="Download GraphML")
    assert download.get_attribute("href") == f"/export.graphml?entity={amazon.replace(':', '%3A')}&depth=1"
    assert web.errors == []


def test_clicking_a_neighbour_in_the_graph_opens_it(web: Session) -> None:
    amazon, eleven = entity_id(web.base, "Amazon"), entity_id(web.base, "11번가")
    page = web.page
    page.goto(f"{web.base}/entity/{amazon}")
    _graph_ready(page)
    x, y = page.evaluate(
        """(id) => {
            const cy = window.kgExplorer.graph;
            const p = cy.getElementById(id).renderedPosition();
            const box = cy.container().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        eleven,
    )
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(re.escape(eleven.replace(":", "%3A")) + "$"))
    page.locator("h1", has_text="11st").wait_for()
    _graph_ready(page)
    page.go_back()  # history works like links
    page.locator("h1", has_text="Amazon").wait_for()


def test_depth_two_and_expand_grow_the_graph(web: Session) -> None:
    park = entity_id(web.base, "Park Jung-ho")  # SK Telecom one hop away; 11st and Amazon two
    page = web.page
    page.goto(f"{web.base}/entity/{park}")
    assert _graph_ready(page) == 2
    page.get_by_role("button", name="Expand").click()
    page.wait_for_url(re.compile(r"depth=2$"))
    page.wait_for_function("window.kgExplorer.graph && window.kgExplorer.graph.nodes().length === 4")
    assert page.get_by_role("link", name="Download GraphML").get_attribute("href", timeout=1000).endswith("depth=2")


def test_label_language_switch_relabels_the_page_and_the_graph(web: Session) -> None:
    amazon = entity_id(web.base, "Amazon")
    page = web.page
    page.goto(f"{web.base}/entity/{amazon}")
    _graph_ready(page)
    page.select_option("#lang", "ko")
    page.locator("h1", has_text="아마존").wait_for()
    _graph_ready(page)
    labels = page.evaluate("window.kgExplorer.graph.nodes().map(n => n.data('label'))")
    assert "아마존" in labels and "11번가" in labels
    page.reload()  # the choice is remembered
    page.locator("h1", has_text="아마존").wait_for()
    page.select_option("#lang", "both")
    page.locator("h1", has_text="Amazon · 아마존").wait_for()


def test_path_finder_links_two_entities(web: Session) -> None:
    park, amazon = entity_id(web.base, "Park Jung-ho"), entity_id(web.base, "Amazon")
    page = web.page
    page.goto(f"{web.base}/path?from={park}&to={amazon}")
    path = page.locator("ol.paths > li").first
    path.wait_for()
    assert path.locator("a").all_inner_texts() == ["Park Jung-ho", "SK Telecom", "Amazon"]


def test_path_finder_form_picks_both_ends_by_name(web: Session) -> None:
    park, amazon = entity_id(web.base, "Park Jung-ho"), entity_id(web.base, "Amazon")
    page = web.page
    page.goto(f"{web.base}/path")
    page.get_by_role("searchbox", name="From").fill("박정호")
    page.get_by_role("option", name=re.compile("Park Jung-ho")).click()
    page.get_by_role("searchbox", name="To").fill("아마존")  # not picked: the best hit is taken
    page.get_by_role("button", name="Find paths").click()
    page.wait_for_url(re.compile(r"/path\?from=.+&to=.+"))
    assert page.url.endswith(f"/path?from={park.replace(':', '%3A')}&to={amazon.replace(':', '%3A')}")
    page.locator("ol.paths > li").first.wait_for()


def test_an_unknown_id_says_so(web: Session) -> None:
    page = web.page
    page.goto(f"{web.base}/entity/ent:does-not-exist")
    page.get_by_role("heading", name="Unknown entity").wait_for()
    assert "ent:does-not-exist" in page.locator("main").inner_text()
    assert page.title() == "Unknown entity · kg explorer"


def test_the_api_being_down_shows_an_error_with_a_retry(web: Session) -> None:
    page = web.page
    page.route("**/graphql", lambda route: route.abort("connectionrefused"))
    page.goto(f"{web.base}/?q=Amazon")
    alert = page.get_by_role("alert")
    alert.get_by_text("The API is not reachable").wait_for()
    page.unroute("**/graphql")
    alert.get_by_role("button", name="Retry").click()
    page.locator("ol.results > li").first.wait_for()


def test_phone_width_has_no_sideways_scroll(browser: Any, kg_server: str) -> None:
    context, web = open_session(browser, kg_server, viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = web.page
        page.goto(f"{kg_server}/entity/{entity_id(kg_server, 'Amazon')}")
        _graph_ready(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("#q").is_visible() and page.locator("#lang").is_visible()
    finally:
        context.close()

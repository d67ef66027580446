"""The API's scoreboard, and the OpenAPI document that describes every route."""

import json
import re
from collections.abc import Iterator

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.web.api.conftest import ApiWorld

from .conftest import _judged, bearer, submit, token_for

# -- scoreboard -----------------------------------------------------------------------------------------------


def test_scoreboard(client: FlaskClient, world: ApiWorld) -> None:
    _judged(world)
    contest = world["contest"]
    url = f"/api/v1/contests/{contest.id}/scoreboard"
    board = client.get(url, headers=bearer(token_for(world["hs2"]))).get_json()
    assert board["contest_id"] == contest.id and board["mode"] == "ioi"
    assert [p["label"] for p in board["problems"]] == ["A", "B"]
    first = board["rows"][0]
    assert first["rank"] == 1 and first["total"] == 50.0 and first["members"] == [world["hs"].full_name]
    assert first["cells"][0]["score"] == 50.0
    assert board["computed_at"].endswith("Z")
    for unit in ("x", "²", "99999999999999999999"):  # "²" passes str.isdigit, the number no column holds
        assert client.get(f"{url}?unit={unit}", headers=bearer(token_for(world["hs"]))).status_code == 400
    assert client.get(url).status_code == 401


# -- the OpenAPI document -------------------------------------------------------------------------------------


def _openapi_path(rule: Rule) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)


def test_openapi_describes_every_route(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")  # public: no token needed
    assert response.status_code == 200
    document = json.loads(response.get_data(as_text=True))
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    routes = {
        (_openapi_path(rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == described
    for path, item in document["paths"].items():
        for operation in item.values():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"{([a-z_]+)}", path)), path
            assert operation["responses"]

    def refs(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(document):
        target = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]


def test_responses_match_the_documented_schemas(app: Flask, client: FlaskClient, world: ApiWorld) -> None:
    """Every field a response has is documented, and every documented required field is there."""
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    submission = _judged(world)
    token = token_for(world["hs"])
    contest = world["contest"].id
    cases = [
        (f"/api/v1/contests/{contest}", "ContestDetail"),
        ("/api/v1/contests", "ContestList"),
        (f"/api/v1/contests/{contest}/problems", "ProblemList"),
        (f"/api/v1/submissions/{submission.id}", "SubmissionStatus"),
        (f"/api/v1/contests/{contest}/scoreboard", "Scoreboard"),
    ]
    for url, name in cases:
        body = client.get(url, headers=bearer(token)).get_json()
        assert set(body) == set(schemas[name]["properties"]), url
    listing = client.get("/api/v1/contests", headers=bearer(token)).get_json()
    assert set(listing["contests"][0]) == set(schemas["Contest"]["properties"])
    board = client.get(f"/api/v1/contests/{contest}/scoreboard", headers=bearer(token)).get_json()
    assert set(board["rows"][0]) == set(schemas["ScoreboardRow"]["properties"])
    assert set(board["rows"][0]["cells"][0]) == set(schemas["ScoreboardCell"]["properties"])
    created = submit(client, contest, token).get_json()
    assert set(created) == set(schemas["SubmissionCreated"]["properties"])

"""How the scoreboard writes its numbers: in the reader's language (Vietnamese: a decimal comma, a point between
thousands), and to the four places a score is kept."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.extensions import db
from app.models import Contest

from .helpers import _contestant, _problem, _settings, _submit


def test_scores_are_written_in_vietnamese_to_their_four_places(client: FlaskClient, contest: Contest) -> None:
    """``%g`` wrote 287.3333 as "287.333" (six figures, so 287.3333 and 287.3334 looked equal on different ranks),
    with a point a Vietnamese reader takes for a thousands separator."""
    _settings(contest)
    a, b = _problem(contest, "A", max_score=300), _problem(contest, "B")
    an = _contestant(contest, "Nguyễn Văn An")
    _submit(an, a, 10, 187.3333, "WA")
    _submit(an, b, 20, 100)
    db.session.commit()
    page = client.get(f"/contests/{contest.id}/scoreboard").get_data(as_text=True)
    assert '<td class="num">187,3333</td>' in page and "<strong>287,3333</strong>" in page
    assert "287.333" not in page and "(300)" in page

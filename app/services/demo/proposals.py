"""The demo's contest proposals, as a school's coordinator submits them through Section 8's screening: one that a
school may run at once (screening finds nothing, an education unit proposes it: approved without review), and
one whose sponsor gives its own tablets as prizes, which screening flags and sends to the Sở's reviewer
(``so.reviewer``) to decide."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...extensions import DbSession
from ...models import Proposal
from ..proposals import workflow
from .people import user

SCHOOL_CONTEST: dict[str, Any] = {
    "title": "Cuộc thi Lập trình Scratch cấp trường năm học 2026-2027",
    "proposer": {"name": "Trường THCS Hải Dương", "kind": "school"},
    "summary": "Học sinh khối 6 và 7 lập trình một trò chơi nhỏ bằng Scratch về chủ đề an toàn giao thông.",
    "rules": "Mỗi học sinh nộp một dự án Scratch; ban giám khảo là giáo viên Tin học của trường.",
    "prizes": [{"kind": "certificates", "description": "Giấy khen của Hiệu trưởng"}],
}

SPONSORED_CONTEST: dict[str, Any] = {
    "title": "Rung chuông vàng Tin học – đồng hành cùng Công ty TNHH Thiết bị số Minh Long",
    "proposer": {"name": "Trường THCS Hải Dương", "kind": "school"},
    "summary": "Thi trắc nghiệm Tin học cho học sinh THCS. Thí sinh cài ứng dụng MinhLong Learn để ôn tập.",
    "sponsors": [
        {
            "name": "Công ty TNHH Thiết bị số Minh Long",
            "kind": "business",
            "contribution": "prizes",
            "details": "10 máy tính bảng MinhLong Tab 8 có in logo công ty",
        }
    ],
    "prizes": [{"kind": "products", "description": "Máy tính bảng MinhLong Tab 8"}],
}


def load_proposals(session: DbSession) -> None:
    """Submit the demo's two proposals by the school coordinator ``dieuphoi``, each unless one of its title exists
    (screening decides where each stands)."""
    coordinator = user(session, "dieuphoi")
    for content in (SCHOOL_CONTEST, SPONSORED_CONTEST):
        if session.scalars(select(Proposal).where(Proposal.title == content["title"])).first():
            continue
        draft = workflow.create_draft(session, coordinator, content, None, None)
        workflow.submit(session, coordinator, draft)

"""People: accounts, their unit, their roles, their API tokens."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from flask_login import UserMixin
from sqlalchemy import Date, DateTime, Enum, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import Model
from ..timeutil import utcnow
from ..vnsort import fold
from .units import Organisation, Unit


class Role(enum.StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    COORDINATOR = "coordinator"
    JUDGE = "judge"
    ORGANISER = "organiser"
    REVIEWER = "reviewer"  # Sở reviewer of contest proposals
    ADMIN = "admin"


class AccountStatus(enum.StrEnum):
    PENDING = "pending"  # registered themselves; waits for their unit's coordinator
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


class User(UserMixin, Model):
    """A person with an account. ``sort_key`` orders names the Vietnamese way (see app.vnsort); ``search_name``
    is the name folded to lowercase ASCII (app.vnsort.fold), kept in step with ``full_name`` by the model, so
    that a search ignores case and diacritics alike on every database."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    sort_key: Mapped[str] = mapped_column(String(400), index=True)
    search_name: Mapped[str] = mapped_column(String(120), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    class_name: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # A company's account (it proposes contests): tied to its organisation, attached to the Sở's unit.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The company a company account named when it registered: its organisation is found or created, and its tax code
    # set, only when the Sở activates the account (services.proposals.company_accounts), never on an unchecked word.
    company_name: Mapped[str | None] = mapped_column(String(200))
    company_tax_code: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[AccountStatus] = mapped_column(
        Enum(AccountStatus, native_enum=False, length=20), default=AccountStatus.ACTIVE
    )
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Every session of the user carries the generation it was opened in (``get_id``); raising it ends all of them
    # (services.people.account_access), since the user loader refuses a session of another generation.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    unit: Mapped[Unit] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )

    @validates("full_name")
    def _keep_search_name(self, _key: str, full_name: str) -> str:
        self.search_name = fold(full_name)
        return full_name

    if TYPE_CHECKING:
        _known_roles: frozenset[Role]  # not a column: set by ``know_roles``, forgotten when the row expires

    @property
    def roles(self) -> frozenset[Role]:
        """The user's roles: those read with the user's row (``know_roles``) until the role rows are loaded or the
        user's attributes expire (a commit, a refresh), then the role rows'."""
        known = self.__dict__.get("_known_roles")
        if known is not None and "role_rows" not in self.__dict__:
            return cast(frozenset[Role], known)
        return frozenset(r.role for r in self.role_rows)

    def know_roles(self, roles: frozenset[Role]) -> None:
        """Take ``roles`` as the user's, read in the same query as their row (the user loader's), without loading
        the role rows."""
        self._known_roles = roles

    def has_role(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)

    def set_roles(self, roles: set[Role]) -> None:
        """Make the user's roles exactly ``roles``."""
        self.role_rows = [r for r in self.role_rows if r.role in roles]
        have = {r.role for r in self.role_rows}
        self.role_rows.extend(UserRole(role=r) for r in sorted(roles - have))

    @property
    def is_company(self) -> bool:
        """A company's account: attached to its organisation, or still naming the company it registered for."""
        return self.organisation_id is not None or self.company_name is not None

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session generation, "12.3" (``session_generation``)."""
        return f"{self.id}.{self.session_generation}"

    @property
    def is_active(self) -> bool:  # Flask-Login: pending and deactivated accounts cannot log in
        return self.status is AccountStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<User {self.username}>"


@event.listens_for(User, "expire")
def _forget_known_roles(user: User | None, _attributes: object) -> None:
    """Roles read with the row are as old as the row: when it expires (a commit, a refresh) they go with it (a user
    already collected, None here, has nothing to forget)."""
    if user is not None:
        user.__dict__.pop("_known_roles", None)


class UserRole(Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))

    user: Mapped[User] = relationship(back_populates="role_rows")


class ApiToken(Model):
    """A bearer token of the JSON API; only its SHA-256 is stored. It is refused from ``expires_at`` on."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    user: Mapped[User] = relationship(lazy="joined")

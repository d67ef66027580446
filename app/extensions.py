"""Flask extensions, created unbound here and bound in ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from flask_babel import Babel
from flask_babel.speaklater import LazyString
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import CSRFProtect
from markupsafe import Markup, escape
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

from .login_manager import LoginManager

# Named constraints so that Alembic migrations behave the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)

DbSession: TypeAlias = Session | scoped_session[FlaskSession]
"""What the services take as ``session``: a Session, or ``db.session``, Flask-SQLAlchemy's scoped proxy that hands
each call to the current context's Session."""

if TYPE_CHECKING:
    # db.Model is a class made at run time from Base (Flask-SQLAlchemy adds the table name and the query
    # property); mypy cannot take an attribute as a base class, so the models are checked against Base.
    Model = Base
else:
    Model = db.Model
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
babel = Babel()


def _escaped(message: LazyString) -> Markup:
    """A lazy message as a page shows it: escaped, as any text."""
    return escape(str(message))


# Flask-Babel's lazy string calls itself HTML (its ``__html__`` gives its text as it is), so Jinja put a lazy message
# into a page unescaped, with whatever it carries: a disqualification's reason, a name or a title in a refusal. A
# message is text; markup is ``Markup``, made on purpose.
LazyString.__html__ = _escaped  # type: ignore[method-assign,assignment]  # the library's own method, replaced for all
limiter = Limiter(key_func=get_remote_address, default_limits=[])

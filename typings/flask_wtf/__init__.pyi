# Flask-WTF 1.2: the names the project uses.
from .csrf import CSRFProtect as CSRFProtect
from .form import FlaskForm as FlaskForm

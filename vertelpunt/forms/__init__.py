"""The form layer: every form a person posts is read here and nowhere else.

Staff and participant forms are Flask-WTF classes (one module per area); the narrator's form is built
from the question framework by narrator.py. Views pass a form's values and errors to their templates
with `values_of` and `errors_of`, so templates keep one shape for both."""

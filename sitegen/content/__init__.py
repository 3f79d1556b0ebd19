"""Load: turn a project's YAML files into the typed content model, with every problem.

``yamlfile`` reads a file safely and keeps the line of every value, ``model``
says what an author may write, ``validation`` maps schema errors back to
their YAML lines, ``load`` reads a whole project, ``schema`` gives editors the
JSON Schema, and ``problems`` is how every stage reports an author's mistake
(``file:line:column: field: message``).
"""

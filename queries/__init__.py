"""The bundled named queries (*.rq), installed as package data and copied into a project by `kg init`."""

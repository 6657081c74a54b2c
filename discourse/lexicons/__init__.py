"""The toolkit's lexicons as data: ``actors.yaml`` (the gazetteer of actors) and
``evaluation.yaml`` (evaluative cues, negators, clause breaks). Loaded and validated
by :func:`discourse.toolkit.stance.load_actors` and
:func:`discourse.toolkit.stance.load_evaluation`."""

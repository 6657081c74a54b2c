"""Validation: a detector's output against blind coding (stand-off annotations in, scores out).

Between ``frames/`` (what is detected) and ``report/`` (what is shown): the stand-off
annotation reader and its checks (``annotations``), precision, recall and F1 with intervals
(``metrics``), indicator precision (``indicators``), inter-coder agreement (``agreement``),
the evaluation (``evaluate``), the supervised baseline (``baseline``) and methods side by side
(``compare``). General: which frames a coded set codes and where its files are come from the
caller; this study's own choices live in ``corpus/validation/study.py``. The coding loop on a
user's own corpus: drawing a coding sample with known inclusion probabilities (``design``),
coding sheets, the JupyterLab coder and the code reader (``coding``), the detector's cached
output (``detections``) and the design-based corrected rates (``rates``).
"""

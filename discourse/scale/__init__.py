"""Layer 5, scale: the in-memory functions run chunk by chunk or on a Dask cluster.

Chunked processing and Parquet export/import (``stream``) and the distributed run
(``distributed``), built on top of ``segment``, ``find_frames`` and ``score_frames``; nothing
below imports this layer.
"""

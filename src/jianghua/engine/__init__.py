"""The Dask engine: the same pipeline on a cluster (see run.py for the steps)."""

from jianghua.engine.run import DaskIngestReport, ingest_dask, local_cluster

__all__ = ["DaskIngestReport", "ingest_dask", "local_cluster"]

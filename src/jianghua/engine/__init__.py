"""The Dask engine: the same pipeline on a cluster (see run.py for the steps).

Imported lazily so that `jianghua` commands that never use it do not pay for pyarrow and dask."""

__all__ = ["DaskIngestReport", "ingest_dask", "local_cluster"]


def __getattr__(name: str):
    if name in __all__:
        from jianghua.engine import run

        return getattr(run, name)
    raise AttributeError(name)

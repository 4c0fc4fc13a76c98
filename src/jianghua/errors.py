"""Named exceptions. The CLI maps them to messages and exit codes, the web app to HTTP codes."""


class JianghuaError(Exception):
    """Base class of every error jianghua raises on purpose."""


class SourceError(JianghuaError):
    """A source file cannot be read: names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LibraryError(JianghuaError):
    """The library folder or its store is missing or unusable."""


class NotFound(JianghuaError):
    """A speech (or other record) asked for by id does not exist."""


class BudgetExceeded(SourceError):
    """Reading stopped because the text passed `limit` characters (kind "chars") or reading took
    longer than `limit` seconds (kind "seconds"); see jianghua.sources.budget."""

    def __init__(self, path: str, kind: str, limit: float):
        if kind == "chars":
            reason = f"text longer than {limit} characters (reading stopped there)"
        else:
            reason = f"reading took longer than {limit:g} s (stopped)"
        super().__init__(path, reason)
        self.kind = kind
        self.limit = limit


def os_reason(exc: OSError) -> str:
    """An operating-system error as a short Chinese reason (file names are said by the caller)."""
    import errno

    reasons = {
        errno.ENOSPC: "磁盘已满",
        errno.EDQUOT: "磁盘配额已用完",
        errno.EROFS: "介质是只读的",
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.ENOENT: "文件或文件夹不存在",
        errno.ENOTDIR: "路径中有一段不是文件夹",
        errno.EISDIR: "是文件夹，不是文件",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))


class ReadOnlyLibrary(LibraryError):
    """A command that writes was asked of a library this process can only read."""

    def __init__(self, folder):
        super().__init__(
            f"书库 {folder} 是只读的（只读介质或没有写权限）：可以统计、搜索、查看、导出、查重和校验，"
            "不能导入、重建索引、修复或删除。要写入，请先把书库复制到可写的位置。"
        )
        self.folder = folder


class DiskFull(LibraryError):
    """The disk holding the library (or an output file) is full; nothing was half-written."""

    def __init__(self, where):
        super().__init__(
            f"磁盘已满，无法写入 {where}：正在写入的那一批已撤销，书库中已有的内容完好"
            "（可用 jianghua verify 检查）。请腾出空间后重新运行同一命令，它会接着做完。"
        )
        self.where = where

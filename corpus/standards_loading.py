"""Loading frameworks of standards from data files. (Interface only until it lands.)"""


def load_bundled_standards() -> dict[str, int]:
    raise NotImplementedError

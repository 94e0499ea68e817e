"""``python -m vn_egov``: the same command line as ``vn-egov``."""

from vn_egov.cli.main import main

if __name__ == "__main__":
    main()

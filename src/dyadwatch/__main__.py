import sys

from dyadwatch.cli import main

sys.exit(main())

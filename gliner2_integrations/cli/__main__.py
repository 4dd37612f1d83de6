import sys

from gliner2_integrations.cli import main

sys.exit(main())

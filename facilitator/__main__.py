from facilitator.ui import collector

collector.hold()  # from the start: cli.main holds it too, once its own imports are done
from facilitator.cli import main  # noqa: E402

raise SystemExit(main())

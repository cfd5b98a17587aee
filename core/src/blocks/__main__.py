from blocks.cli import main

raise SystemExit(main())

from graphkit.cli import main

main()

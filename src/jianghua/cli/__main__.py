from jianghua.cli import main

main()

from sammenspil.cli import main

main()

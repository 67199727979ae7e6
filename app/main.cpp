// newswatch: the binary. main() only sets up logging and hands the command
// line to the command table (cli.cpp); exit codes follow DESIGN.md:
// 0 success, 1 runtime failure, 2 usage error, 78 configuration error.

#include "app/cli.h"

int main(int argc, char** argv) {
  return newswatch::run_cli(argc, argv);
}

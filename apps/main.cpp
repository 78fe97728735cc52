// parity: robust and fair training from the command line (see README.md).
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

int main(int argc, char** argv) {
  return parity::cli::run_tool(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}

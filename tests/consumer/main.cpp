// Downstream program built against an installed parity: one matrix product through the installed
// headers and libraries. [[1,2,3],[4,5,6]] x ones(3,2) has row sums in each column, so c[1,0] = 15.
#include <iostream>

#include "tensor/blas.h"
#include "tensor/creation.h"

int main() {
  const parity::Tensor a = parity::arange(1.0, 7.0).reshape({2, 3});
  const parity::Tensor b = parity::ones({3, 2});
  const parity::Tensor c = parity::matmul(a, b);
  std::cout << "parity consumer: c[1,0] = " << c.at({1, 0}) << "\n";
  return 0;
}

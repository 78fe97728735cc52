// Small labelled datasets whose per-group confusion matrices and rates are worked out by hand
// below, shared by the fairness tests, and the error-message helper.
#pragma once

#include <string>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/tensor.h"

namespace parity::fairness::testing {

using ::parity::testing::error_message;

inline Tensor column(const std::vector<double>& values) {
  return Tensor(Shape{static_cast<Index>(values.size())}, values);
}

struct Labelled {
  Tensor y;
  Tensor y_hat;
  Tensor s;
};

// Two groups of 8 rows, interleaved. Per group, (y, yhat) pairs:
//   group 0: (1,1) x3, (1,0), (0,1), (0,0) x3   -> TN 3, FP 1, FN 1, TP 3, n 8
//   group 1: (1,1), (1,0) x2, (0,1) x2, (0,0) x3 -> TN 3, FP 2, FN 2, TP 1, n 8
// Rates              group 0           group 1         overall (TN 6 FP 3 FN 3 TP 4)
//   selection  (TP+FP)/n   4/8 = 0.5   3/8 = 0.375     7/16
//   TPR     TP/(TP+FN)     3/4         1/3             4/7
//   FPR     FP/(FP+TN)     1/4         2/5             3/9
//   PPV     TP/(TP+FP)     3/4         1/3             4/7
//   NPV     TN/(TN+FN)     3/4         3/5             6/9
//   FOR     FN/(TN+FN)     1/4         2/5             3/9
//   acc     (TP+TN)/n      6/8         4/8             10/16
// Gaps (max - min; max group, min group):
//   demographic parity 0.5 - 0.375 = 0.125 (0, 1); ratio 0.375 / 0.5 = 0.75
//   TPR (equal opportunity) 3/4 - 1/3 = 5/12 (0, 1); FPR 2/5 - 1/4 = 0.15 (1, 0)
//   equalized odds max(5/12, 0.15) = 5/12 (0, 1)
//   PPV 3/4 - 1/3 = 5/12 (0, 1); FOR 2/5 - 1/4 = 0.15 (1, 0); accuracy 6/8 - 4/8 = 0.25 (0, 1)
inline Labelled two_groups() {
  return {column({1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0}),
          column({1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1}),
          column({0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0})};
}

// Three groups of 4, 6 and 5 rows. Per group, (y, yhat) pairs:
//   group 0: (1,1) x2, (0,0), (0,1)             -> TN 1, FP 1, FN 0, TP 2, n 4
//   group 1: (1,1), (1,0), (0,0) x3, (0,1)      -> TN 3, FP 1, FN 1, TP 1, n 6
//   group 2: (1,0), (1,1) x2, (0,1) x2          -> TN 0, FP 2, FN 1, TP 2, n 5
// Rates              group 0      group 1       group 2
//   selection          3/4          2/6           4/5
//   TPR                2/2          1/2           2/3
//   FPR                1/2          1/4           2/2
//   PPV                2/3          1/2           2/4
//   NPV                1/1          3/4           0/1
//   FOR                0/1          1/4           1/1
//   acc                3/4          4/6           2/5
// Gaps (max - min; max group, min group; ties go to the lowest id):
//   demographic parity 4/5 - 1/3 = 7/15 (2, 1); ratio (1/3) / (4/5) = 5/12
//   TPR 1 - 1/2 = 0.5 (0, 1); FPR 1 - 1/4 = 0.75 (2, 1); equalized odds 0.75 (2, 1)
//   PPV 2/3 - 1/2 = 1/6 (0, 1: groups 1 and 2 tie at 1/2); FOR 1 - 0 = 1 (2, 0)
//   accuracy 3/4 - 2/5 = 0.35 (0, 2)
inline Labelled three_groups() {
  return {column({0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0}),
          column({1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1}),
          column({1, 0, 1, 2, 2, 1, 1, 1, 0, 1, 2, 0, 0, 2, 2})};
}

}  // namespace parity::fairness::testing

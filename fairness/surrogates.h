// Differentiable surrogates of the group rates of fairness/constraints.h. A rate is a mean of an
// indicator 1[yhat_i = t_i] (t_i = 1 for positive predictions, t_i = y_i for correct ones); a
// surrogate replaces it by a smooth function of the logit z_i. With the signed margin
// u_i = (2 t_i - 1) z_i (u > 0 exactly when yhat_i = t_i):
//   loss     psi(u) = softplus(u) = BCE(z, 1 - t)  the training loss of the opposite label
//                                                  (>= log(2) 1[u >= 0]; FairALM's released code)
//   sigmoid  psi(u) = sigmoid(u)                   (the FairALM paper's "logistic function")
//   hinge    psi(u) = max(0, 1 + u)                (>= 1[u >= 0]; TFCO's default proxy)
//   logit    psi(u) = u                            the signed score (linear in a linear model's
//                                                  weights, as Zafar et al.'s covariance proxy)
//
// Sign convention. A constraint's surrogate is c = sign (m_a - m_b), m_g the mean of psi over the
// rows of the rate, with sign chosen so that c approximates the true gap r_a - r_b. The loss
// surrogate measures a rate through the event whose surrogate is the training loss BCE(z, y),
// i.e. through the error event, where one exists:
//   rate          rows    loss surrogate m_g                         sign | others: m_g, sign
//   TPR           y = 1   mean BCE(z, 1) = softplus(-z) ~ FNR = 1-TPR  -1  | mean psi(z) ~ TPR, +1
//   FPR           y = 0   mean BCE(z, 0) = softplus(z)  ~ FPR          +1  | mean psi(z) ~ FPR, +1
//   selection     all     mean softplus(z) = BCE(z, 0)  ~ P(yhat = 1)  +1  | mean psi(z),       +1
//   accuracy      all     mean BCE(z, y)                ~ error = 1-acc -1 | mean psi(u) ~ acc, +1
// (for the selection rate no single label's loss fits, so the loss against label 0 of every row
// is used). With sign -1, m_g ~ 1 - r_g and sign (m_a - m_b) ~ r_a - r_b. Only the loss surrogate
// measures complements: for the others psi(-u) = 1 - psi(u) (sigmoid) or -psi(u) (logit), or the
// direct event is TFCO's choice (hinge).
#pragma once

#include <string_view>

#include "autograd/var.h"
#include "fairness/constraints.h"

namespace parity::fairness {

enum class SurrogateKind { Loss, Sigmoid, Hinge, Logit };

/// Per-sample surrogates psi(u_i) [n] of 1[yhat_i = t_i], u_i = (2 t_i - 1) z_i, for logits z [n]
/// and targets t [n] of 0/1 (see the table above).
/// @throws parity::Error when z and t differ in length or z is not of rank 1.
Var smooth_indicator(SurrogateKind kind, const Var& z, const Tensor& t);

/// Whether `kind` measures the rate of `event` on `label`'s rows through the complementary event
/// (then the constraint's sign is -1).
bool measures_complement(SurrogateKind kind, Event event, int label);

/// "loss", "sigmoid", "hinge", "logit".
const char* surrogate_name(SurrogateKind kind);
/// @throws parity::Error naming the argument and listing the known names.
SurrogateKind parse_surrogate(std::string_view name);

}  // namespace parity::fairness

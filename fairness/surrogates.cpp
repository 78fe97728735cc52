// The surrogate functions psi(u) of the rate indicators and their names.
#include "fairness/surrogates.h"

#include "autograd/functional.h"
#include "fairness/name_table.h"
#include "tensor/check.h"

namespace parity::fairness {

namespace {

constexpr detail::NameEntry<SurrogateKind> kSurrogateNames[] = {
    {"loss", SurrogateKind::Loss},
    {"sigmoid", SurrogateKind::Sigmoid},
    {"hinge", SurrogateKind::Hinge},
    {"logit", SurrogateKind::Logit},
};

}  // namespace

Var smooth_indicator(SurrogateKind kind, const Var& z, const Tensor& t) {
  PARITY_CHECK(z.shape().rank() == 1 && z.shape()[0] == t.numel(), "smooth_indicator(): logits of shape ",
               z.shape(), " for ", t.numel(), " targets, expected [n]");
  Tensor sign(Shape{t.numel()});
  for (Index i = 0; i < t.numel(); ++i) sign.data()[i] = 2.0 * t.data()[i] - 1.0;
  const Var u = mul_constant(z, sign);
  switch (kind) {
    case SurrogateKind::Loss:
      return softplus(u);
    case SurrogateKind::Sigmoid:
      return sigmoid(u);
    case SurrogateKind::Hinge:
      return relu(u + 1.0);
    case SurrogateKind::Logit:
      return u;
  }
  return u;
}

bool measures_complement(SurrogateKind kind, Event event, int label) {
  if (kind != SurrogateKind::Loss) return false;
  return event == Event::CorrectPrediction || (event == Event::PositivePrediction && label == 1);
}

const char* surrogate_name(SurrogateKind kind) { return detail::name_of<SurrogateKind>(kSurrogateNames, kind); }

SurrogateKind parse_surrogate(std::string_view name) {
  return detail::parse_name<SurrogateKind>(kSurrogateNames, name, "parse_surrogate()", "surrogate name");
}

}  // namespace parity::fairness

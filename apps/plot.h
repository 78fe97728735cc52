// A picture of two-feature data with the decision boundaries of linear models, drawn by
// gnuplot (PNG): one panel per group of models, the data points in every panel.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace parity::cli {

/// The line w1 x1 + w2 x2 + b = 0 of a model with logit w.x + b.
struct BoundaryLine {
  std::string title;
  double w1 = 0.0;
  double w2 = 0.0;
  double b = 0.0;
};

struct PlotPanel {
  std::string title;
  std::vector<BoundaryLine> lines;
};

/// The part of the line inside the box [lo, hi]^2, as two end points {x1, x2, x1', x2'}; empty
/// when the line misses the box or w = 0.
std::vector<double> clip_to_box(const BoundaryLine& line, double lo, double hi);

/// Writes `png` and, beside it, the gnuplot script and data files it is drawn from (stem.gp,
/// stem.dat); `points` must have two features, classes 0/1 and groups 0/1. Returns false, leaving
/// the script for later, when gnuplot is not installed; throws parity::Error when gnuplot fails.
bool plot_boundaries(const data::Dataset& points, const std::vector<PlotPanel>& panels,
                     const std::filesystem::path& png);

}  // namespace parity::cli

// A picture of two-feature data with the decision boundaries of models, drawn by gnuplot (PNG):
// one panel per group of models, the data points in every panel.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "contour.h"
#include "data/dataset.h"

namespace parity::cli {

/// A model's decision boundary inside the plotted box, as segments (contour.h).
struct Boundary {
  std::string title;
  std::vector<Segment> segments;
};

struct PlotPanel {
  std::string title;
  std::vector<Boundary> boundaries;
};

/// The plotted box is [kPlotLow, kPlotHigh]^2: the unit square of Unfair2D and its shifted points.
inline constexpr double kPlotLow = -0.15;
inline constexpr double kPlotHigh = 1.15;

/// Writes `png` and, beside it, the gnuplot script and data files it is drawn from (stem.gp,
/// stem.dat); `points` must have two features, classes 0/1 and groups 0/1. Returns false, leaving
/// the script for later, when gnuplot is not installed; throws parity::Error when gnuplot fails.
bool plot_boundaries(const data::Dataset& points, const std::vector<PlotPanel>& panels,
                     const std::filesystem::path& png);

}  // namespace parity::cli

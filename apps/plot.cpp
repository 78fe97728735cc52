#include "plot.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "tensor/check.h"

namespace parity::cli {

namespace {

// Point styles of the four (class, group) cells and colours of up to ten lines.
constexpr const char* kCellStyle[2][2] = {{"pt 6 lc rgb '#4477aa'", "pt 4 lc rgb '#4477aa'"},
                                          {"pt 7 lc rgb '#ee6677'", "pt 5 lc rgb '#ee6677'"}};
constexpr const char* kLineColour[] = {"#000000", "#228833", "#aa3377", "#ccbb44",
                                       "#66ccee", "#bbbbbb", "#4477aa", "#ee6677",
                                       "#ee7733", "#009988"};

std::string quoted(std::string text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The script and data files beside `png`; creates png's folder.
std::pair<std::filesystem::path, std::filesystem::path> side_files(const std::filesystem::path& png) {
  std::filesystem::path data_file = png;
  data_file.replace_extension(".dat");
  std::filesystem::path script_file = png;
  script_file.replace_extension(".gp");
  if (png.has_parent_path()) std::filesystem::create_directories(png.parent_path());
  return {script_file, data_file};
}

// Runs gnuplot on `script_file` in its folder; false when gnuplot is not installed.
bool run_gnuplot(const std::filesystem::path& script_file, const char* caller) {
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) return false;
  const std::string command = "cd " + quoted(script_file.parent_path().empty() ? "." : script_file.parent_path().string()) +
                              " && gnuplot " + quoted(script_file.filename().string());
  PARITY_CHECK(std::system(command.c_str()) == 0, caller, ": gnuplot failed on ", script_file.string());
  return true;
}

}  // namespace

bool plot_boundaries(const data::Dataset& points, const std::vector<PlotPanel>& panels,
                     const std::filesystem::path& png) {
  PARITY_CHECK(points.num_features() == 2, "plot_boundaries(): need 2 features, got ", points.num_features());
  PARITY_CHECK(!panels.empty(), "plot_boundaries(): no panels");
  constexpr double lo = kPlotLow;
  constexpr double hi = kPlotHigh;
  const auto [script_file, data_file] = side_files(png);

  // Data blocks: index 0..3 the (class, group) cells, then one block per boundary.
  std::ofstream data(data_file);
  PARITY_CHECK(data.good(), "plot_boundaries(): cannot write ", data_file.string());
  data.precision(17);
  for (int y = 0; y < 2; ++y) {
    for (int s = 0; s < 2; ++s) {
      data << "# class " << y << " group " << s << "\n";
      for (Index i = 0; i < points.size(); ++i) {
        if (points.y.data()[i] == y && points.s.data()[i] == s) {
          data << points.X.data()[2 * i] << " " << points.X.data()[2 * i + 1] << "\n";
        }
      }
      data << "\n\n";
    }
  }
  int block = 4;
  std::vector<std::vector<int>> boundary_blocks;
  for (const PlotPanel& panel : panels) {
    boundary_blocks.emplace_back();
    for (const Boundary& boundary : panel.boundaries) {
      data << "# " << boundary.title << "\n";
      if (boundary.segments.empty()) data << lo << " NaN\n";
      // One polyline per segment: a single blank line separates them, two end the block.
      for (std::size_t k = 0; k < boundary.segments.size(); ++k) {
        const Segment& s = boundary.segments[k];
        data << (k > 0 ? "\n" : "") << s.x1 << " " << s.y1 << "\n" << s.x2 << " " << s.y2 << "\n";
      }
      data << "\n\n";
      boundary_blocks.back().push_back(block++);
    }
  }
  data.close();

  std::ofstream script(script_file);
  PARITY_CHECK(script.good(), "plot_boundaries(): cannot write ", script_file.string());
  script << "set terminal pngcairo size " << 520 * panels.size() << ",640 font ',10'\n"
         << "set output " << quoted(png.filename().string()) << "\n"
         << "set multiplot layout 1," << panels.size() << "\n"
         << "set xrange [" << lo << ":" << hi << "]\nset yrange [" << lo << ":" << hi << "]\n"
         << "set size ratio -1\nset key below\nset xlabel 'x1'\nset ylabel 'x2'\n";
  const std::string file = quoted(data_file.filename().string());
  const char* cell_title[2][2] = {{"negative, group A", "negative, group B"}, {"positive, group A", "positive, group B"}};
  for (std::size_t p = 0; p < panels.size(); ++p) {
    script << "set title " << quoted(panels[p].title) << "\nplot ";
    for (int y = 0; y < 2; ++y) {
      for (int s = 0; s < 2; ++s) {
        script << file << " index " << 2 * y + s << " with points ps 0.6 " << kCellStyle[y][s]
               << (p == 0 ? " title " + quoted(cell_title[y][s]) : std::string(" notitle")) << ", ";
      }
    }
    const std::vector<Boundary>& boundaries = panels[p].boundaries;
    for (std::size_t l = 0; l < boundaries.size(); ++l) {
      // Later boundaries are drawn thinner on top, so boundaries that coincide stay visible.
      const double width = std::max(1.0, 4.5 - static_cast<double>(l));
      script << file << " index " << boundary_blocks[p][l] << " with lines lw " << width << " lc rgb '"
             << kLineColour[l % std::size(kLineColour)] << "' title "
             << quoted(boundaries[l].title + (boundaries[l].segments.empty() ? " (boundary outside)" : ""))
             << (l + 1 < boundaries.size() ? ", " : "\n");
    }
  }
  script << "unset multiplot\n";
  script.close();
  return run_gnuplot(script_file, "plot_boundaries()");
}

bool plot_xy(const std::vector<XYPanel>& panels, const std::filesystem::path& png) {
  PARITY_CHECK(!panels.empty(), "plot_xy(): no panels");
  const auto [script_file, data_file] = side_files(png);
  std::ofstream data(data_file);
  PARITY_CHECK(data.good(), "plot_xy(): cannot write ", data_file.string());
  data.precision(17);
  std::ofstream script(script_file);
  PARITY_CHECK(script.good(), "plot_xy(): cannot write ", script_file.string());
  script << "set terminal pngcairo size " << 560 * panels.size() << ",480 font ',10'\n"
         << "set output " << quoted(png.filename().string()) << "\n"
         << "set multiplot layout 1," << panels.size() << "\n"
         << "set key below\nset grid\nset termoption noenhanced\n";
  const std::string file = quoted(data_file.filename().string());
  int block = 0;
  for (const XYPanel& panel : panels) {
    script << "set title " << quoted(panel.title) << "\nset xlabel " << quoted(panel.x_label) << "\nset ylabel "
           << quoted(panel.y_label) << "\nplot ";
    if (panel.series.empty()) script << "NaN notitle";
    for (std::size_t k = 0; k < panel.series.size(); ++k) {
      const XYSeries& series = panel.series[k];
      data << "# " << series.title << "\n";
      if (series.points.empty()) data << "NaN NaN\n";
      for (const auto& [x, y] : series.points) data << x << " " << y << "\n";
      data << "\n\n";
      script << (k > 0 ? ", " : "") << file << " index " << block++ << " with "
             << (series.lines ? "linespoints lw 2 pt 7 ps 0.8" : "points pt 6 ps 0.8") << " lc rgb '"
             << kLineColour[static_cast<std::size_t>(series.colour < 0 ? static_cast<int>(k) : series.colour) %
                            std::size(kLineColour)]
             << "' title " << quoted(series.title);
    }
    script << "\n";
  }
  script << "unset multiplot\n";
  data.close();
  script.close();
  return run_gnuplot(script_file, "plot_xy()");
}

}  // namespace parity::cli

set terminal pngcairo size 2240,480 font ',10'
set output "prune-synth-sweep.png"
set multiplot layout 1,4
set key below
set grid
set termoption noenhanced
set title "accuracy, majority"
set xlabel "sparsity"
set ylabel "test accuracy (median)"
plot "prune-synth-sweep.dat" index 0 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#000000' title "magnitude", "prune-synth-sweep.dat" index 1 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#228833' title "magnitude+fair-ft", "prune-synth-sweep.dat" index 2 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#aa3377' title "imp", "prune-synth-sweep.dat" index 3 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ccbb44' title "hydra", "prune-synth-sweep.dat" index 4 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#66ccee' title "bip", "prune-synth-sweep.dat" index 5 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#bbbbbb' title "bifp", "prune-synth-sweep.dat" index 6 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#4477aa' title "bifp-pdf", "prune-synth-sweep.dat" index 7 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee6677' title "bifp-no-mask", "prune-synth-sweep.dat" index 8 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee7733' title "bifp-no-weight"
set title "accuracy, minority"
set xlabel "sparsity"
set ylabel "test accuracy (median)"
plot "prune-synth-sweep.dat" index 9 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#000000' title "magnitude", "prune-synth-sweep.dat" index 10 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#228833' title "magnitude+fair-ft", "prune-synth-sweep.dat" index 11 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#aa3377' title "imp", "prune-synth-sweep.dat" index 12 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ccbb44' title "hydra", "prune-synth-sweep.dat" index 13 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#66ccee' title "bip", "prune-synth-sweep.dat" index 14 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#bbbbbb' title "bifp", "prune-synth-sweep.dat" index 15 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#4477aa' title "bifp-pdf", "prune-synth-sweep.dat" index 16 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee6677' title "bifp-no-mask", "prune-synth-sweep.dat" index 17 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee7733' title "bifp-no-weight"
set title "performance gap (Def. 1)"
set xlabel "sparsity"
set ylabel "max - min group accuracy"
plot "prune-synth-sweep.dat" index 18 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#000000' title "magnitude", "prune-synth-sweep.dat" index 19 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#228833' title "magnitude+fair-ft", "prune-synth-sweep.dat" index 20 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#aa3377' title "imp", "prune-synth-sweep.dat" index 21 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ccbb44' title "hydra", "prune-synth-sweep.dat" index 22 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#66ccee' title "bip", "prune-synth-sweep.dat" index 23 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#bbbbbb' title "bifp", "prune-synth-sweep.dat" index 24 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#4477aa' title "bifp-pdf", "prune-synth-sweep.dat" index 25 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee6677' title "bifp-no-mask", "prune-synth-sweep.dat" index 26 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee7733' title "bifp-no-weight"
set title "degradation gap (Def. 3)"
set xlabel "sparsity"
set ylabel "max - min accuracy drop"
plot "prune-synth-sweep.dat" index 27 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#000000' title "magnitude", "prune-synth-sweep.dat" index 28 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#228833' title "magnitude+fair-ft", "prune-synth-sweep.dat" index 29 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#aa3377' title "imp", "prune-synth-sweep.dat" index 30 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ccbb44' title "hydra", "prune-synth-sweep.dat" index 31 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#66ccee' title "bip", "prune-synth-sweep.dat" index 32 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#bbbbbb' title "bifp", "prune-synth-sweep.dat" index 33 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#4477aa' title "bifp-pdf", "prune-synth-sweep.dat" index 34 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee6677' title "bifp-no-mask", "prune-synth-sweep.dat" index 35 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#ee7733' title "bifp-no-weight"
unset multiplot

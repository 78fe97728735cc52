set terminal pngcairo size 720,480 font ',10'
set output "robust-model-error.png"
set logscale xy
set grid
set key top left
set termoption noenhanced
set xlabel 'radius'
set ylabel 'max |L(x+p) - L(x) - q(p)|'
plot "robust-model-error.dat" index 0 with linespoints pt 7 title "Unfair2D, logistic (slope 2.96)", "robust-model-error.dat" index 1 with linespoints pt 7 title "UCI Adult, MLP 64 (slope 2.89)", "robust-model-error.dat" index 2 with linespoints pt 7 title "LSAT bar passage, MLP 64 (slope 3.00)", x**3 with lines dt 2 lc rgb '#888888' title 'r^3'

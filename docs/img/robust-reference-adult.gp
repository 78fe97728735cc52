set terminal pngcairo size 1200,760 font ',10'
set output "robust-reference-adult.png"
set multiplot layout 2,3 title "adult, reference set-up: median over the seeds, bars min-max; solvers shifted apart along the radius"
set grid
set key below horizontal
set termoption noenhanced
set xlabel 'radius'
set title 'accuracy'
plot "robust-reference-adult.dat" index 0 using 1:2 with lines dt 2 lc rgb "#000000" title "none", "robust-reference-adult.dat" index 1 using ($1+-0.003):2:3:4 with yerrorlines pt 7 ps 0.6 lc rgb "#4477aa" title "trs", "robust-reference-adult.dat" index 2 using ($1+0):2:3:4 with yerrorlines pt 6 ps 0.6 lc rgb "#ee6677" title "pgd", "robust-reference-adult.dat" index 3 using ($1+0.003):2:3:4 with yerrorlines pt 7 ps 0.6 lc rgb "#228833" title "random"
set title 'indep.'
plot "robust-reference-adult.dat" index 0 using 1:5 with lines dt 2 lc rgb "#000000" title "none", "robust-reference-adult.dat" index 1 using ($1+-0.003):5:6:7 with yerrorlines pt 7 ps 0.6 lc rgb "#4477aa" title "trs", "robust-reference-adult.dat" index 2 using ($1+0):5:6:7 with yerrorlines pt 6 ps 0.6 lc rgb "#ee6677" title "pgd", "robust-reference-adult.dat" index 3 using ($1+0.003):5:6:7 with yerrorlines pt 7 ps 0.6 lc rgb "#228833" title "random"
set title 'sep. y=0'
plot "robust-reference-adult.dat" index 0 using 1:8 with lines dt 2 lc rgb "#000000" title "none", "robust-reference-adult.dat" index 1 using ($1+-0.003):8:9:10 with yerrorlines pt 7 ps 0.6 lc rgb "#4477aa" title "trs", "robust-reference-adult.dat" index 2 using ($1+0):8:9:10 with yerrorlines pt 6 ps 0.6 lc rgb "#ee6677" title "pgd", "robust-reference-adult.dat" index 3 using ($1+0.003):8:9:10 with yerrorlines pt 7 ps 0.6 lc rgb "#228833" title "random"
set title 'sep. y=1'
plot "robust-reference-adult.dat" index 0 using 1:11 with lines dt 2 lc rgb "#000000" title "none", "robust-reference-adult.dat" index 1 using ($1+-0.003):11:12:13 with yerrorlines pt 7 ps 0.6 lc rgb "#4477aa" title "trs", "robust-reference-adult.dat" index 2 using ($1+0):11:12:13 with yerrorlines pt 6 ps 0.6 lc rgb "#ee6677" title "pgd", "robust-reference-adult.dat" index 3 using ($1+0.003):11:12:13 with yerrorlines pt 7 ps 0.6 lc rgb "#228833" title "random"
set title 'suff. yhat=0'
plot "robust-reference-adult.dat" index 0 using 1:14 with lines dt 2 lc rgb "#000000" title "none", "robust-reference-adult.dat" index 1 using ($1+-0.003):14:15:16 with yerrorlines pt 7 ps 0.6 lc rgb "#4477aa" title "trs", "robust-reference-adult.dat" index 2 using ($1+0):14:15:16 with yerrorlines pt 6 ps 0.6 lc rgb "#ee6677" title "pgd", "robust-reference-adult.dat" index 3 using ($1+0.003):14:15:16 with yerrorlines pt 7 ps 0.6 lc rgb "#228833" title "random"
set title 'suff. yhat=1'
plot "robust-reference-adult.dat" index 0 using 1:17 with lines dt 2 lc rgb "#000000" title "none", "robust-reference-adult.dat" index 1 using ($1+-0.003):17:18:19 with yerrorlines pt 7 ps 0.6 lc rgb "#4477aa" title "trs", "robust-reference-adult.dat" index 2 using ($1+0):17:18:19 with yerrorlines pt 6 ps 0.6 lc rgb "#ee6677" title "pgd", "robust-reference-adult.dat" index 3 using ($1+0.003):17:18:19 with yerrorlines pt 7 ps 0.6 lc rgb "#228833" title "random"
unset multiplot

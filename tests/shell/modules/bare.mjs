import "left-pad";

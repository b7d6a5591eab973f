package dev.gantry.gateway;

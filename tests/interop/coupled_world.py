#!/usr/bin/python3
"""An outside client (PyVISA with the pyvisa-py backend, from Debian) drives `optiqual sim` on the XPO bench and
sees one coupled physical world behind the instruments, not a set of constants:

- the supply's own V x I is the power the host board's input sense reads, and the module's input current falls as
  the supply voltage rises (a DC/DC input);
- an unpowered module draws nothing and sends no light;
- a power-meter port reads the lane the switch routes to it, below that lane's launch power by the path's loss;
- the module's case temperature follows the chiller's coolant through the integrated cold plate, and much more
  weakly the chamber's air.

Every wait is a poll of an instrument with a deadline (simulated time runs TIME_SCALE times real time), never a
sleep.
Usage: coupled_world.py OPTIQUAL STATION_FILE TIME_SCALE
"""

import math
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

import pyvisa

OPTIQUAL = ""
STATION = ""
TIME_SCALE = ""


def dbm(milliwatts):
    return 10.0 * math.log10(milliwatts)


class CoupledWorld(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A copy of the shipped bench without its fixed ports: the server then binds each instrument to a free port
        # the system gives it and prints it, so parallel tests never collide (choosing "free" ports here and passing
        # them on could draw the same port twice).
        cls.dir = tempfile.TemporaryDirectory()
        with open(STATION, encoding="utf-8") as f:
            text = re.sub(r"^[ \t]*sim_port: *\d+[ \t]*\n", "", f.read(), flags=re.M)
        station = os.path.join(cls.dir.name, "station.yaml")
        with open(station, "w", encoding="utf-8") as f:
            f.write(text)
        cls.server = subprocess.Popen(
            [OPTIQUAL, "--log-file", "", "sim", "--station", station, "--time-scale", TIME_SCALE],
            stdout=subprocess.PIPE, text=True)
        cls.resources = {}
        for line in cls.server.stdout:  # the server prints each resource, then "Serving ..." once it listens
            m = re.match(r"\s+(\w+)\s+\S+\s+(\S+)$", line)
            if m:
                cls.resources[m.group(1)] = m.group(2)
            if line.startswith("Serving"):
                break
        assert "psu48" in cls.resources, "optiqual sim did not list the bench's instruments"
        cls.rm = pyvisa.ResourceManager("@py")
        cls.psu = cls.open("psu48")
        cls.fixture = cls.open("fixture")
        cls.meter = cls.open("opm")
        cls.txswitch = cls.open("txswitch")
        cls.daq = cls.open("daq")
        cls.chamber = cls.open("chamber")
        cls.chiller = cls.open("chiller")

    @classmethod
    def tearDownClass(cls):
        cls.rm.close()
        cls.server.terminate()
        cls.server.wait(timeout=10)
        cls.dir.cleanup()

    @classmethod
    def open(cls, name):
        resource = cls.resources[name]
        if resource.startswith("ASRL"):
            # OptiQual's resource strings carry the line settings after '?'; VISA takes them as attributes.
            path = resource.split("::")[0]
            inst = cls.rm.open_resource(path + "::INSTR", baud_rate=9600)
            inst.write_termination = "\r"
            inst.read_termination = "\r\n"
        else:
            inst = cls.rm.open_resource(resource)
            inst.write_termination = "\n"
            inst.read_termination = "\n"
        inst.timeout = 10000
        return inst

    # --- helpers -----------------------------------------------------------------------------------------------

    @staticmethod
    def number(inst, command):
        return float(inst.query(command).strip())

    def until(self, read, done, what, seconds=30.0):
        """Polls read() until done(value); fails naming what it waited for and the last value."""
        deadline = time.monotonic() + seconds
        value = read()
        while not done(value):
            if time.monotonic() > deadline:
                self.fail(f"{what}: still {value} after {seconds} s")
            value = read()
        return value

    def case_temperature(self):
        return self.number(self.daq, "MEAS:TEMP? TC,K,(@101)")

    def air_temperature(self):
        return self.number(self.daq, "MEAS:TEMP? TC,K,(@104)")

    def coolant_flow(self):
        amps = self.number(self.daq, "MEAS:CURR:DC? (@121)")
        return (amps - 0.004) / 0.016 * 10.0  # 4-20 mA over 0-10 L/min, as wired in the station file

    def meter_dbm(self, port):
        return self.number(self.meter, f":READ{port}:CHAN1:POW?")

    def assertDark(self, port, why):
        # An N774x port with no light answers below its range or with the +3.4E+38 "no valid reading" mark.
        value = self.meter_dbm(port)
        self.assertTrue(value < -50.0 or value > 1e38, f"{why}: meter port {port} reads {value} dBm")

    def input_power(self):
        return self.number(self.fixture, "FIXT:MOD:MEAS:POW?")

    def supply_watts(self):
        return self.number(self.psu, "MEAS:VOLT?") * self.number(self.psu, "MEAS:CURR?")

    def check_errors(self):
        for inst in (self.psu, self.fixture, self.meter, self.txswitch, self.daq, self.chamber):
            # The F4T answers "0,..." where the Keysight models answer "+0,...": both are SCPI's no-error.
            self.assertRegex(inst.query("SYST:ERR?").strip(), r'^\+?0,"No error"$', inst.resource_name)

    # --- the test ----------------------------------------------------------------------------------------------

    def test_one_world(self):
        self.meter.write(":SENS1:POW:UNIT 0")
        self.txswitch.write(":ROUT1:CHAN1 A,1")
        self.psu.write("VOLT 48;CURR 12;OUTP ON")

        # Unpowered: the supply is on, the board's load switch is open.
        self.assertLess(self.number(self.psu, "MEAS:CURR?"), 0.05, "an unpowered module draws nothing")
        self.assertDark(1, "an unpowered module sends no light")

        # Coolant first (the interlock of docs/xpo-test-flow.md): 25 °C, circulating.
        self.chiller.write("out_sp_00 25")
        self.chiller.write("out_mode_05 1")
        self.until(self.coolant_flow, lambda f: f > 1.0, "coolant flow [L/min]")

        # Power up to ModuleReady and wait for the data paths: the draw climbs to the full-load level.
        self.fixture.write("FIXT:MOD:RES OFF;LPM OFF;POW ON")
        self.assertEqual(self.fixture.query("FIXT:MOD:STAT:WAIT? READY,10").strip(), "1")
        self.until(self.input_power, lambda w: w > 150.0, "module input power [W]")

        # Electrical: the supply sees the current the board senses; a DC/DC input draws less current at 52 V.
        self.assertAlmostEqual(self.supply_watts() / self.input_power(), 1.0, delta=0.01)
        self.psu.write("VOLT 44")
        amps44 = self.number(self.psu, "MEAS:CURR?")
        self.assertAlmostEqual(amps44, self.number(self.fixture, "FIXT:MOD:MEAS:CURR?"), delta=0.01 * amps44)
        self.psu.write("VOLT 52")
        amps52 = self.number(self.psu, "MEAS:CURR?")
        self.assertGreater(amps44 - amps52, 0.05 * amps44, "input current falls as the input voltage rises")
        self.psu.write("VOLT 48")

        # Optical: meter port 1 reads lane 1 through switch 1 at output 1, and lane 9 at output 2 (MPO port 2),
        # each below its launch power by the path's loss (a breakout and a switch: between 0.5 and 6 dB).
        launch = [float(v) for v in self.fixture.query("DDM:TXP? (@1,9)").split(",")]
        lane1 = self.meter_dbm(1)
        self.txswitch.write(":ROUT1:CHAN1 A,2")
        self.assertEqual(self.txswitch.query(":ROUT1:CHAN1?").strip(), "A,2")
        lane9 = self.meter_dbm(1)
        for measured, ddm in ((lane1, launch[0]), (lane9, launch[1])):
            loss = ddm - measured
            self.assertGreater(loss, -3.0 + 0.5, "the DDM's ±3 dB view against the meter, after ≥ 0.5 dB of loss")
            self.assertLess(loss, 3.0 + 6.0)
        self.assertNotEqual(lane1, lane9, "two lanes, two lasers")

        # Thermal: the case follows the coolant through the cold plate...
        base_case = self.until(self.case_temperature, lambda t: t < 40.0, "case temperature with 25 °C coolant")
        self.assertGreater(base_case, 25.0, "its own heat through the cold plate's thermal resistance")
        self.chiller.write("out_sp_00 45")
        self.until(self.case_temperature, lambda t: t > base_case + 15.0, "case temperature after coolant 25→45 °C",
                   seconds=60.0)
        self.assertAlmostEqual(self.number(self.fixture, "DDM:TEMP?"), self.case_temperature(), delta=10.0)
        # ...and only weakly the chamber's air: 35 K more air moves the case by far less than 35 K.
        hot_case = self.until(self.case_temperature, lambda t: t > 45.0, "case at 45 °C coolant")
        self.chamber.write(":SOURCE:CLOOP1:SPOINT 60")
        self.chamber.write(":OUTPUT1:STATE ON")  # the F4T run output that starts the conditioning
        self.until(self.air_temperature, lambda t: t > 59.0, "chamber air to 60 °C", seconds=60.0)
        rise = self.until(lambda: self.case_temperature() - hot_case, lambda r: r > 0.1, "case rise with the air")
        self.assertLess(rise, 10.0, "the cold plate, not the air, sets the case")

        # Power off: the light goes out and the supply's current falls to nothing.
        self.fixture.write("FIXT:MOD:POW OFF")
        self.assertDark(1, "a module switched off sends no light")
        self.assertLess(self.number(self.psu, "MEAS:CURR?"), 0.05)
        self.check_errors()


if __name__ == "__main__":
    OPTIQUAL, STATION, TIME_SCALE = sys.argv[1], sys.argv[2], sys.argv[3]
    unittest.main(argv=[sys.argv[0], "-v"])
